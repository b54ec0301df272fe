package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResharingTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final Bytes CANISTER = Bytes.fromHex("0000000000c0a0d00101");
  private static final Bytes CONTEXT = Bytes.of("ctx".getBytes(StandardCharsets.UTF_8));
  private static final Bytes INPUT = Bytes.of("in".getBytes(StandardCharsets.UTF_8));

  private static Bytes vetKey(
      ThresholdPublicKey pk, List<KeyShare> shares, int[] use, TransportSecretKey tsk)
      throws VetKdException {
    ShareCombiner c = new ShareCombiner(pk, RNG);
    DeriveShareRequest req = DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, tsk.publicKey());
    List<EncryptedKeyShare> answers = new ArrayList<>();
    for (int i : use) {
      answers.add(new LocalKeyShareHolder(shares.get(i), RNG).deriveShare(req));
    }
    EncryptedVetKey ek = c.combine(req, answers, Map.of()).encryptedKey();
    DerivedPublicKey dpk = c.publicKey(CANISTER, CONTEXT);
    return Bytes.of(ek.decryptAndVerify(tsk, dpk, INPUT).toBytes().toArray());
  }

  @Test
  void reshareTo4of7KeepsTheMasterKeyAndTheVetKeys() throws Exception {
    ThresholdKeyGenerator.Generated old = new ThresholdKeyGenerator(RNG).generate(3, 5);
    List<Resharing.ResharingDealing> dealings = new ArrayList<>();
    for (int i : new int[] {4, 1, 2}) { // any t_old old holders
      dealings.add(Resharing.deal(old.shares().get(i), 4, 7, RNG));
    }
    Resharing.Result fresh = Resharing.combine(old.publicKey(), 4, 7, dealings);
    assertThat(fresh.publicKey().masterPublicKey()).isEqualTo(old.publicKey().masterPublicKey());
    assertThat(fresh.publicKey().threshold()).isEqualTo(4);
    TransportSecretKey tsk = TransportSecretKey.generate();
    Bytes before = vetKey(old.publicKey(), old.shares(), new int[] {0, 1, 2}, tsk);
    Bytes after = vetKey(fresh.publicKey(), fresh.shares(), new int[] {6, 3, 0, 5}, tsk);
    assertThat(after).isEqualTo(before);
    // three new shares are no longer enough
    assertThatThrownBy(() -> vetKey(fresh.publicKey(), fresh.shares(), new int[] {0, 1, 2}, tsk))
        .isInstanceOfSatisfying(
            VetKdException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ENOUGH_SHARES));
  }

  @Test
  void cheatingDealerIsRejectedAndNamed() throws Exception {
    ThresholdKeyGenerator.Generated old = new ThresholdKeyGenerator(RNG).generate(2, 3);
    List<Resharing.ResharingDealing> dealings = new ArrayList<>();
    dealings.add(Resharing.dealAs(1, Fr.random(RNG), 2, 3, RNG));
    dealings.add(Resharing.deal(old.shares().get(1), 2, 3, RNG));
    assertThatThrownBy(() -> Resharing.combine(old.publicKey(), 2, 3, dealings))
        .isInstanceOfSatisfying(
            VetKdException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.DEALING_INVALID);
              assertThat(e.getMessage())
                  .contains("1=dealing does not share the dealer's key share");
            });
    dealings.add(Resharing.deal(old.shares().get(2), 2, 3, RNG));
    Resharing.Result r = Resharing.combine(old.publicKey(), 2, 3, dealings);
    assertThat(r.publicKey().masterPublicKey()).isEqualTo(old.publicKey().masterPublicKey());
  }
}

package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The vetKey that a set of key shares derives for one fixed request, combined and verified as the
 * service does: resharing tests compare it before and after, since a resharing must not change it.
 */
final class ReshareVetKeys {
  private static final SecureRandom RNG = new SecureRandom();
  private static final Bytes CANISTER = Bytes.fromHex("0000000000c0a0d00101");
  private static final Bytes CONTEXT = Bytes.of("ctx".getBytes(StandardCharsets.UTF_8));
  private static final Bytes INPUT = Bytes.of("in".getBytes(StandardCharsets.UTF_8));

  private ReshareVetKeys() {}

  /** The vetKey {@code shares} of {@code pk} derive, decrypted with {@code tsk} and verified. */
  static Bytes vetKey(ThresholdPublicKey pk, List<KeyShare> shares, TransportSecretKey tsk)
      throws VetKdException {
    ShareCombiner c = new ShareCombiner(pk, RNG);
    DeriveShareRequest req = DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, tsk.publicKey());
    List<EncryptedKeyShare> answers = new ArrayList<>();
    for (KeyShare s : shares) {
      answers.add(new LocalKeyShareHolder(s, RNG).deriveShare(req));
    }
    EncryptedVetKey ek = c.combine(req, answers, Map.of()).encryptedKey();
    DerivedPublicKey dpk = c.publicKey(CANISTER, CONTEXT);
    return Bytes.of(ek.decryptAndVerify(tsk, dpk, INPUT).toBytes().toArray());
  }
}

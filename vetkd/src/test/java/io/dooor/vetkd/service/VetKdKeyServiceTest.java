package io.dooor.vetkd.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import io.dooor.core.port.KeyDerivationReport;
import io.dooor.core.port.KeyServiceException;
import io.dooor.core.port.TransportKey;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.EncryptedKeyShare;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.ThresholdDeriver.FanOut;
import io.dooor.vetkd.threshold.ThresholdKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control plane's key service over real threshold vetKD (2 of 4): transport keys are decoded
 * and checked at parse time, derivations decrypt and verify as an ICP vetKeys client does them, and
 * the report names the holders combined and why the others were excluded.
 */
class VetKdKeyServiceTest {
  static final Principal CANISTER = Principal.of(new byte[] {0, 0, 0, 0, 0, 0, 0, 7, 1, 1});
  static final Bytes CONTEXT = utf8("app/notes");
  static final Bytes INPUT = utf8("alice");

  final SecureRandom rng = new SecureRandom();
  ThresholdKeyGenerator.Generated key;
  VetKdService vetkd;

  @BeforeEach
  void generate() throws VetKdException {
    key = new ThresholdKeyGenerator(rng).generate(2, 4);
  }

  @AfterEach
  void close() {
    if (vetkd != null) {
      vetkd.close();
    }
  }

  @Test
  void decodedKeysDeriveVetKeysThatDecryptAndVerify() throws Exception {
    VetKdKeyService keys = service(local(1), local(2), local(3));
    TransportSecretKey tsk = TransportSecretKey.generate();
    KeyDerivationReport r =
        keys.derive(CONTEXT, INPUT, keys.parseTransportKey(tsk.publicKey().toBytes()));
    DerivedPublicKey dpk = DerivedPublicKey.parse(keys.derivedPublicKey(CONTEXT));
    assertThat(r.derivedPublicKey()).isEqualTo(dpk.toBytes());
    assertThat(EncryptedVetKey.parse(r.encryptedKey()).decryptAndVerify(tsk, dpk, INPUT))
        .isNotNull();
    assertThat(r.holdersCombined()).hasSize(2);
    assertThat(r.holdersExcluded()).isEmpty();
  }

  @Test
  void theReportNamesTheHoldersCombinedAndWhyTheOthersWereExcluded() throws Exception {
    // all four are asked at once: 2 fails; 3's bad share is judged, or is still being answered
    // when 1 and 4 have combined (then it is named as not waited for): never left unnamed
    VetKdKeyService keys = service(failing(2), lying(3), local(1), local(4));
    TransportSecretKey tsk = TransportSecretKey.generate();
    KeyDerivationReport r =
        keys.derive(CONTEXT, INPUT, keys.parseTransportKey(tsk.publicKey().toBytes()));
    assertThat(r.holdersCombined()).containsExactlyInAnyOrder(1, 4);
    assertThat(r.holdersExcluded()).hasSize(2).containsEntry(2, "failed");
    String three = r.holdersExcluded().get(3);
    assertThat(three).isIn("invalid_share", "not_waited_for");
    assertThat(r.holderFacts())
        .containsEntry("holders_excluded", "2:failed,3:" + three)
        .containsKey("holders_combined");
    DerivedPublicKey dpk = DerivedPublicKey.parse(r.derivedPublicKey());
    assertThat(EncryptedVetKey.parse(r.encryptedKey()).decryptAndVerify(tsk, dpk, INPUT))
        .isNotNull();
  }

  @Test
  void tooFewGoodHoldersIsNotEnoughShares() throws Exception {
    VetKdKeyService keys = service(failing(2), lying(3), local(1));
    TransportKey tpk = keys.parseTransportKey(TransportSecretKey.generate().publicKey().toBytes());
    assertThatThrownBy(() -> keys.derive(CONTEXT, INPUT, tpk))
        .isInstanceOfSatisfying(
            KeyServiceException.class,
            e -> assertThat(e.reason()).isEqualTo(KeyServiceException.Reason.NOT_ENOUGH_SHARES));
  }

  @Test
  void theIdentityAndPointsOffTheCurveAreRefusedWhenParsed() {
    VetKdKeyService keys = service(local(1), local(2));
    for (String hex :
        List.of("c0" + "00".repeat(47), "9f" + "ff".repeat(47), "00".repeat(48), "80")) {
      assertThatThrownBy(() -> keys.parseTransportKey(Bytes.fromHex(hex)))
          .as(hex)
          .isInstanceOfSatisfying(
              KeyServiceException.class,
              e -> assertThat(e.reason()).isEqualTo(KeyServiceException.Reason.INVALID_INPUT));
    }
  }

  @Test
  void aKeyDecodedElsewhereIsAProgrammingError() {
    VetKdKeyService keys = service(local(1), local(2));
    TransportKey foreign = new TransportKey() {};
    assertThatThrownBy(() -> keys.derive(CONTEXT, INPUT, foreign))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private VetKdKeyService service(KeyShareHolder... holders) {
    try {
      vetkd =
          VetKdService.create(
              key.publicKey(), List.of(holders), Duration.ofSeconds(5), FanOut.THRESHOLD_FIRST);
    } catch (VetKdException e) {
      throw new IllegalStateException(e);
    }
    return new VetKdKeyService(vetkd, CANISTER);
  }

  private KeyShareHolder local(int index) {
    return new LocalKeyShareHolder(key.shares().get(index - 1), rng);
  }

  /** A holder that cannot be reached. */
  private static KeyShareHolder failing(int index) {
    return new KeyShareHolder() {
      @Override
      public int index() {
        return index;
      }

      @Override
      public EncryptedKeyShare deriveShare(DeriveShareRequest request) throws VetKdException {
        throw new VetKdException(VetKdException.Reason.HOLDER_UNAVAILABLE, "connection refused");
      }
    };
  }

  /** A holder answering with a share of another key under its own index. */
  private KeyShareHolder lying(int index) throws VetKdException {
    KeyShareHolder other =
        new LocalKeyShareHolder(
            new ThresholdKeyGenerator(rng).generate(2, 4).shares().get(index - 1), rng);
    return new KeyShareHolder() {
      @Override
      public int index() {
        return index;
      }

      @Override
      public EncryptedKeyShare deriveShare(DeriveShareRequest request) throws VetKdException {
        return other.deriveShare(request);
      }
    };
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }
}

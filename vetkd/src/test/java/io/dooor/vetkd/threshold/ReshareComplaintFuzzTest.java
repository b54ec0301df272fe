package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * Complaint, answer, sealed dealer-state and new holder key files are untrusted: arbitrary bytes
 * and mutations of real ones either parse (then round-trip, and receive judges them, failing only
 * with VetKdException) or fail with VetKdException. A complaint that is not byte for byte the one
 * new holder 1 signed is never answered.
 */
class ReshareComplaintFuzzTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final SealingKeySource SEALING =
      new EnvSealingKeySource("K", Map.of("K", Bytes.of(new byte[32]).hex()));
  private static ThresholdKeyGenerator.Generated keys;
  private static ReshareRecipientKey key;
  private static ReshareDealing dealing;
  private static byte[] complaint;
  private static byte[] answer;
  private static byte[] state;
  private static ReshareDealerState dealerState;
  private static byte[] keyFile;

  private static synchronized void init() throws VetKdException {
    if (keys == null) {
      keys = new ThresholdKeyGenerator(RNG).generate(1, 2);
      key = ReshareRecipientKey.generate(RNG);
      ReshareDealing.Dealt d =
          ReshareDealing.createTampered(
              keys.shares().get(0),
              2,
              2,
              Map.of(1, key.publicKey(), 2, ReshareRecipientKey.generate(RNG).publicKey()),
              RNG,
              1,
              ReshareDealing.Tamper.WRONG_VALUE);
      dealing = d.dealing();
      ReshareComplaint c =
          ReshareComplaint.of(
              1, List.of(new ReshareComplaint.Accusation(1, dealing.digest(), "fails")), key);
      complaint = c.toBytes().toArray();
      answer = d.state().answer(keys.shares().get(0), c).toBytes().toArray();
      dealerState = d.state();
      state = d.state().seal(SEALING, RNG).toArray();
      keyFile = key.privateKeyFile().toArray();
    }
  }

  private static byte[] input(FuzzedDataProvider data, byte[] valid) {
    if (!data.consumeBoolean()) {
      return data.consumeRemainingAsBytes();
    }
    byte[] in = valid.clone();
    int flips = data.consumeInt(1, 4);
    for (int i = 0; i < flips; i++) {
      in[data.consumeInt(0, in.length - 1)] = data.consumeByte();
    }
    if (data.consumeBoolean()) {
      in = java.util.Arrays.copyOf(in, data.consumeInt(0, in.length + 8));
    }
    return in;
  }

  @FuzzTest(maxDuration = "10s")
  void complaintsAndAnswersParseOrRefuse(FuzzedDataProvider data) throws VetKdException {
    init();
    boolean asComplaint = data.consumeBoolean();
    byte[] in = input(data, asComplaint ? complaint : answer);
    List<ReshareComplaint> cs;
    List<ReshareAnswer> as;
    try {
      if (asComplaint) {
        ReshareComplaint c = ReshareComplaint.parse(Bytes.of(in));
        assertThat(c.toBytes()).isEqualTo(Bytes.of(in));
        if (!Bytes.of(in).equals(Bytes.of(complaint))) {
          assertThatThrownBy(() -> dealerState.answer(keys.shares().get(0), c))
              .isInstanceOf(VetKdException.class);
        }
        cs = List.of(c);
        as = List.of(ReshareAnswer.parse(Bytes.of(answer)));
      } else {
        ReshareAnswer a = ReshareAnswer.parse(Bytes.of(in));
        assertThat(a.toBytes()).isEqualTo(Bytes.of(in));
        cs = List.of(ReshareComplaint.parse(Bytes.of(complaint)));
        as = List.of(a);
      }
    } catch (VetKdException expected) {
      return;
    }
    try {
      DistributedResharing.Outcome o =
          DistributedResharing.receive(keys.publicKey(), 1, key, List.of(dealing), cs, as);
      if (o instanceof DistributedResharing.Received r) {
        assertThat(r.publicKey().masterPublicKey()).isEqualTo(keys.publicKey().masterPublicKey());
      }
    } catch (VetKdException expected) {
      // refused and named
    }
  }

  @FuzzTest(maxDuration = "10s")
  void recipientKeyFilesParseOrRefuse(FuzzedDataProvider data) throws VetKdException {
    init();
    byte[] in = input(data, keyFile);
    ReshareRecipientKey k;
    try {
      k = ReshareRecipientKey.parseFile(Bytes.of(in));
    } catch (VetKdException expected) {
      return;
    }
    assertThat(k.privateKeyFile()).isEqualTo(Bytes.of(in));
    byte[] message = {1, 2, 3};
    assertThat(
            ReshareRecipientKey.verifies(
                ReshareRecipientKey.signingKey(k.publicKey()), message, k.sign(message)))
        .isTrue();
  }

  @FuzzTest(maxDuration = "10s")
  void sealedDealerStateUnsealsOrRefuses(FuzzedDataProvider data) {
    byte[] in;
    try {
      init();
      in = input(data, state);
    } catch (VetKdException e) {
      throw new IllegalStateException(e);
    }
    try {
      ReshareDealerState s = ReshareDealerState.unseal(SEALING, Bytes.of(in));
      assertThat(s.dealingDigest()).isEqualTo(dealing.digest());
    } catch (VetKdException expected) {
      // framing or authentication refused
    }
  }
}

package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * Dealing files are untrusted: arbitrary bytes and mutations of a real dealing either parse (and
 * then round-trip and are judged by receive, which only ever fails with VetKdException) or fail
 * with VetKdException.
 */
class ReshareDealingFuzzTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static ThresholdKeyGenerator.Generated keys;
  private static ReshareRecipientKey key;
  private static byte[] dealing;

  private static synchronized void init() throws VetKdException {
    if (keys == null) {
      keys = new ThresholdKeyGenerator(RNG).generate(1, 2);
      key = ReshareRecipientKey.generate(RNG);
      dealing =
          ReshareDealing.create(
                  keys.shares().get(0),
                  1,
                  2,
                  Map.of(1, key.publicKey(), 2, ReshareRecipientKey.generate(RNG).publicKey()),
                  RNG)
              .toBytes()
              .toArray();
    }
  }

  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(FuzzedDataProvider data) throws VetKdException {
    init();
    byte[] in;
    if (data.consumeBoolean()) {
      in = dealing.clone();
      int flips = data.consumeInt(1, 4);
      for (int i = 0; i < flips; i++) {
        in[data.consumeInt(0, in.length - 1)] = data.consumeByte();
      }
      if (data.consumeBoolean()) {
        in = java.util.Arrays.copyOf(in, data.consumeInt(0, in.length + 8));
      }
    } else {
      in = data.consumeRemainingAsBytes();
    }
    ReshareDealing d;
    try {
      d = ReshareDealing.parse(Bytes.of(in));
    } catch (VetKdException expected) {
      return;
    }
    assertThat(d.toBytes()).isEqualTo(Bytes.of(in));
    try {
      DistributedResharing.Received r =
          DistributedResharing.receive(keys.publicKey(), 1, key, List.of(d));
      assertThat(r.publicKey().masterPublicKey()).isEqualTo(keys.publicKey().masterPublicKey());
    } catch (VetKdException expected) {
      // rejected and named
    }
  }
}

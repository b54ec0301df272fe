package io.dooor.server.keyshare;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.server.KeyShareFolder;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A holder's answer to the startup check (untrusted JSON) on arbitrary bytes and on mutations of a
 * well-formed answer: a verdict (null or a reason), never an exception; only the exact answer
 * passes.
 */
class HolderCheckFuzzTest {
  private static ThresholdPublicKey key;
  private static String good;

  private static synchronized void init() throws Exception {
    if (key == null) {
      Path dir = Files.createTempDirectory("holder-check-fuzz");
      key = KeyShareFolder.open(dir).loadOrGenerate().get(0).publicKey();
      good =
          "{\"index\":3,\"threshold\":"
              + key.threshold()
              + ",\"holders\":"
              + key.holders()
              + ",\"public_key_share_hex\":\""
              + io.dooor.common.Bytes.of(key.publicKeyShare(3).toBytes()).hex()
              + "\",\"threshold_public_key_hex\":\""
              + key.toBytes().hex()
              + "\"}";
    }
  }

  @FuzzTest(maxDuration = "10s")
  void judgesOrNamesTheProblem(FuzzedDataProvider data) throws Exception {
    init();
    assertThat(HolderCheck.problem(3, key, good.getBytes(StandardCharsets.UTF_8))).isNull();
    int index = data.consumeInt(-2, 300);
    boolean mutate = data.consumeBoolean();
    byte[] answer;
    if (mutate) {
      byte[] base = good.getBytes(StandardCharsets.UTF_8);
      int at = data.consumeInt(0, base.length - 1);
      base[at] = data.consumeByte();
      answer = base;
    } else {
      answer = data.consumeRemainingAsBytes();
    }
    String problem = HolderCheck.problem(index, key, answer);
    if (problem == null) {
      assertThat(index).isEqualTo(3);
    } else {
      assertThat(problem).isNotBlank();
    }
  }
}

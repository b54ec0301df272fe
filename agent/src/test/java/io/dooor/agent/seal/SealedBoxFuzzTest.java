package io.dooor.agent.seal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;

/** A sealed blob read back from disk: arbitrary bytes parse and fail to open, or are refused. */
class SealedBoxFuzzTest {
  private static final SecretBytes KEY = SecretBytes.of(new byte[32]);

  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(byte[] data) {
    try {
      SealedBox.open(KEY, SealedBox.parse(Bytes.of(data)), "wrong key");
    } catch (SealingException expected) {
      // the only allowed failure
    }
  }
}

package io.dooor.agent.tee;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;

/** The NSM's CBOR answer: arbitrary bytes give a document or a TeeDeviceException only. */
class NsmMessagesFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void attestationAnswer(byte[] data) {
    try {
      NsmMessages.attestationDocument(Bytes.of(data));
    } catch (TeeDeviceException expected) {
      // the only allowed failure
    }
  }
}

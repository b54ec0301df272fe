package io.dooor.attestation.nitro;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;

class NitroDocumentParserFuzzTest {
  /** Arbitrary bytes yield a document or an EvidenceException, nothing else (no hang). */
  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(byte[] data) {
    try {
      NitroDocumentParser.parse(Bytes.of(data));
    } catch (EvidenceException expected) {
      // the only allowed failure
    }
  }
}

package io.dooor.attestation.sim;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;

class SimReportParserFuzzTest {
  /** Arbitrary bytes yield a report or an EvidenceException, nothing else. */
  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(byte[] data) {
    try {
      SimReportParser.parse(Bytes.of(data));
    } catch (EvidenceException expected) {
      // the only allowed failure
    }
  }
}

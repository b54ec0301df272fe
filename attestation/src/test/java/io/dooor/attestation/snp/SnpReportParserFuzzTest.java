package io.dooor.attestation.snp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import java.util.Arrays;

class SnpReportParserFuzzTest {
  /** Arbitrary evidence bytes yield a report or an EvidenceException, nothing else. */
  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(byte[] data) {
    try {
      SnpReportParser.parseEvidence(Bytes.of(data));
    } catch (EvidenceException expected) {
      // the only allowed failure
    }
  }

  /** Report-sized inputs with a supported version and algorithm reach the field decoding. */
  @FuzzTest(maxDuration = "10s")
  void decodesReportSizedInput(byte[] data) {
    byte[] b = Arrays.copyOf(data, Math.max(data.length, SnpReportParser.REPORT_LENGTH));
    b[0] = (byte) (data.length % 2 == 0 ? 2 : 5);
    b[0x34] = 1;
    try {
      SnpReportParser.parseEvidence(Bytes.of(b));
    } catch (EvidenceException expected) {
      // the only allowed failure
    }
  }
}

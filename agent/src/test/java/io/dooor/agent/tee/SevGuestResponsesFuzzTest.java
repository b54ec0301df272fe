package io.dooor.agent.tee;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import java.util.Arrays;

/**
 * The /dev/sev-guest response parsers (MSG_REPORT_RSP, the extended report's certificate table,
 * MSG_KEY_RSP): arbitrary bytes give a value or a TeeDeviceException, nothing else. Inputs are also
 * padded to the driver's buffer sizes so that the fuzzer reaches past the length check.
 */
class SevGuestResponsesFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void reportResponse(byte[] data) {
    for (Bytes b : sizes(data, SevGuestResponses.REPORT_RESPONSE)) {
      try {
        SnpEvidenceAssembly.parseReport(SevGuestResponses.report(b));
      } catch (TeeDeviceException expected) {
        // the only allowed failure
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void extendedReportCertificates(byte[] data) {
    for (Bytes b : sizes(data, SnpCertificateTable.MAX_LENGTH)) {
      try {
        SnpCertificateTable.parse(b);
      } catch (TeeDeviceException expected) {
        // the only allowed failure
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void derivedKeyResponse(byte[] data) {
    for (Bytes b : sizes(data, SevGuestResponses.KEY_RESPONSE)) {
      try {
        SevGuestResponses.derivedKey(b);
      } catch (TeeDeviceException expected) {
        // the only allowed failure
      }
    }
  }

  private static Bytes[] sizes(byte[] data, int size) {
    return new Bytes[] {Bytes.of(data), Bytes.of(Arrays.copyOf(data, size))};
  }
}

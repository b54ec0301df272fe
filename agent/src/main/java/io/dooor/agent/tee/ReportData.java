package io.dooor.agent.tee;

import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceClaims;

/** The one rule every evidence source applies to its input: report data is 64 bytes. */
final class ReportData {
  static final int LENGTH = EvidenceClaims.REPORT_DATA_LENGTH;

  private ReportData() {}

  static void check(Bytes reportData) throws TeeDeviceException {
    if (reportData.length() != LENGTH) {
      throw new TeeDeviceException(
          Reason.INVALID_REQUEST,
          "report data must be " + LENGTH + " bytes, got " + reportData.length());
    }
  }
}

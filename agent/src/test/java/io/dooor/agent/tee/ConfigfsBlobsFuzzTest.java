package io.dooor.agent.tee;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import java.util.Arrays;

/**
 * What configfs-tsm's outblob and auxblob go through: arbitrary bytes give evidence or a
 * TeeDeviceException, nothing else.
 */
class ConfigfsBlobsFuzzTest {
  private static final Bytes REPORT_DATA = Bytes.of(new byte[64]);

  @FuzzTest(maxDuration = "10s")
  void auxblobCertificateTable(byte[] data) {
    try {
      SnpCertificateTable.parse(Bytes.of(data));
    } catch (TeeDeviceException expected) {
      // the only allowed failure
    }
  }

  /** An SNP outblob (report-sized, version and algorithm set) with the rest as the auxblob. */
  @FuzzTest(maxDuration = "10s")
  void snpOutblobAndAuxblob(byte[] data) {
    byte[] report = Arrays.copyOf(data, 0x4A0);
    report[0] = 2;
    report[0x34] = 1;
    Arrays.fill(report, 0x50, 0x90, (byte) 0);
    Arrays.fill(report, 0x2A0 + 144, 0x4A0, (byte) 0);
    Bytes aux = Bytes.of(data.length > 0x4A0 ? Arrays.copyOfRange(data, 0x4A0, data.length) : data);
    try {
      SnpEvidenceAssembly.assemble(Bytes.of(report), SnpCertificateTable.parse(aux), REPORT_DATA);
    } catch (TeeDeviceException expected) {
      // the only allowed failure
    }
  }

  @FuzzTest(maxDuration = "10s")
  void tdxOutblob(byte[] data) {
    try {
      TdxQuoteCheck.check(Bytes.of(data), REPORT_DATA);
    } catch (TeeDeviceException expected) {
      // the only allowed failure
    }
  }
}

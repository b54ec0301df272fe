package io.dooor.agent.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.attestation.pki.PkiVectors;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.attestation.snp.SnpEvidenceVerifier;
import io.dooor.attestation.snp.TrustFolderSnpCollateral;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.VerifiedEvidence;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The /dev/sev-guest requests through {@link FakeSevGuest}: the ioctl numbers and structure layouts
 * of include/uapi/linux/sev-guest.h, a recorded report that passes the real verifier, and the
 * refusal of firmware errors, ioctl errors and malformed responses.
 */
class SevGuestDeviceTest {
  @Test
  void theIoctlNumbersAreTheKernelHeaders() {
    assertThat(SevGuestDevice.SNP_GET_REPORT).isEqualTo(0xC0205300L);
    assertThat(SevGuestDevice.SNP_GET_DERIVED_KEY).isEqualTo(0xC0205301L);
    assertThat(SevGuestDevice.SNP_GET_EXT_REPORT).isEqualTo(0xC0205302L);
    assertThat(NsmDevice.NSM_IOCTL_RAW).isEqualTo(0xC0200A00L);
  }

  @Test
  void aReportRequestCarriesTheReportDataAndVmpl() throws Exception {
    FakeSevGuest fake = new FakeSevGuest(Recorded.snpReport());
    Bytes report = new SevGuestDevice(fake).report(ours(), 2);

    assertThat(report.slice(0x50, 0x90)).isEqualTo(ours());
    ByteBuffer req = ByteBuffer.wrap(fake.requests.get(0)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(Arrays.copyOf(fake.requests.get(0), 64)).isEqualTo(ours().toArray());
    assertThat(req.getInt(64)).isEqualTo(2);
    assertThat(Arrays.copyOfRange(fake.requests.get(0), 68, 96)).containsOnly(0);
  }

  @Test
  void extendedReportEvidenceFromARecordedReportPassesTheRealVerifier() throws Exception {
    byte[] recorded = Recorded.snpReport();
    FakeSevGuest fake = new FakeSevGuest(recorded);
    fake.certTable = Recorded.vcekTable();
    Bytes reportData = Recorded.reportDataAt(recorded, Recorded.SNP_REPORT_DATA);
    Bytes evidence = new SevGuestEvidenceSource(new SevGuestDevice(fake), 0).evidence(reportData);

    TrustAnchors anchors = PkiVectors.anchors();
    VerifiedEvidence v =
        new SnpEvidenceVerifier(anchors, new TrustFolderSnpCollateral(anchors, List.of()))
            .verify(TeeType.SNP, evidence, Recorded.SNP_TIME);
    assertThat(v.reportData()).isEqualTo(reportData);
  }

  @Test
  void aCertificateBlobLargerThanTheDriverTakesIsRefused() throws Exception {
    FakeSevGuest fake = new FakeSevGuest(Recorded.snpReport());
    fake.certTable = new byte[SnpCertificateTable.MAX_LENGTH + 1];
    assertRefused(
        () -> new SevGuestDevice(fake).extendedReport(ours(), 0),
        Reason.MALFORMED_RESPONSE,
        "needs 20480 bytes");
  }

  @Test
  void aFirmwareErrorStatusIsRefusedByName() throws Exception {
    FakeSevGuest fake = new FakeSevGuest(Recorded.snpReport());
    fake.status = 0x16;
    assertRefused(
        () -> new SevGuestDevice(fake).report(ours(), 0), Reason.FIRMWARE_ERROR, "INVALID_PARAM");
    assertRefused(
        () -> new SevGuestDevice(fake).derivedKey(SnpKeyRequest.measurementBound(0)),
        Reason.FIRMWARE_ERROR,
        "MSG_KEY_RSP STATUS 0x16");
  }

  @Test
  void aFailedIoctlNamesErrnoAndExitInfo() throws Exception {
    FakeSevGuest fake = new FakeSevGuest(Recorded.snpReport());
    fake.errno = FakeSevGuest.EIO;
    fake.exitInfo2 = (2L << 32) | 0x27;
    assertRefused(
        () -> new SevGuestDevice(fake).report(ours(), 0),
        Reason.IOCTL_FAILED,
        "errno 5, firmware error 0x27 (INVALID_KEY), VMM error 0x2");
  }

  @Test
  void aReportOfAnotherSizeIsRefused() throws Exception {
    FakeSevGuest fake = new FakeSevGuest(Recorded.snpReport());
    fake.reportSizeOverride = 0x4A0 + 8;
    assertRefused(
        () -> new SevGuestDevice(fake).report(ours(), 0),
        Reason.MALFORMED_RESPONSE,
        "report of 1192 bytes");
  }

  @Test
  void requestsOutsideTheAbiAreNotSent() throws Exception {
    FakeSevGuest fake = new FakeSevGuest(Recorded.snpReport());
    SevGuestDevice d = new SevGuestDevice(fake);
    assertRefused(() -> d.report(ours(), 4), Reason.INVALID_REQUEST, "VMPL");
    assertRefused(() -> d.report(Bytes.of(new byte[63]), 0), Reason.INVALID_REQUEST, "64 bytes");
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void theDerivedKeyRequestSelectsTheMeasurementAndTheKeyFollowsIt() throws Exception {
    FakeSevGuest fake = new FakeSevGuest(Recorded.snpReport());
    SevGuestDevice d = new SevGuestDevice(fake);
    SecretBytes first = d.derivedKey(SnpKeyRequest.measurementBound(1));

    ByteBuffer req = ByteBuffer.wrap(fake.requests.get(0)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(req.getInt(0)).isZero();
    assertThat(req.getInt(4)).isZero();
    assertThat(req.getLong(8)).isEqualTo(0b1111L);
    assertThat(req.getInt(16)).isEqualTo(1);
    assertThat(first.length()).isEqualTo(32);
    assertThat(d.derivedKey(SnpKeyRequest.measurementBound(1))).isEqualTo(first);
    fake.measurement[0] = 1;
    assertThat(d.derivedKey(SnpKeyRequest.measurementBound(1))).isNotEqualTo(first);
  }

  static Bytes ours() {
    byte[] b = new byte[64];
    Arrays.fill(b, (byte) 0x5a);
    return Bytes.of(b);
  }

  static void assertRefused(Executable call, Reason reason, String detail) {
    assertThatThrownBy(call::execute)
        .isInstanceOfSatisfying(
            TeeDeviceException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(detail);
  }
}

package io.dooor.agent.tee;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The SEV-SNP guest driver's requests on {@code /dev/sev-guest} (Linux
 * include/uapi/linux/sev-guest.h): SNP_GET_REPORT, SNP_GET_EXT_REPORT (report plus the host's
 * certificate table, GHCB v2 §4.1.8.1) and SNP_GET_DERIVED_KEY (MSG_KEY_REQ). Each request lays out
 * {@code struct snp_guest_request_ioctl} (msg_version 1, request and response addresses, exitinfo2)
 * and its request structure in native memory, issues the ioctl through an {@link IoctlDevice}, and
 * hands the response bytes to {@link SevGuestResponses}. A failed ioctl names the errno and the VMM
 * and firmware error codes from exitinfo2. One request at a time.
 */
public final class SevGuestDevice implements Closeable {
  /** The guest driver's device node. */
  public static final Path DEFAULT_PATH = Path.of("/dev/sev-guest");

  static final long SNP_GET_REPORT = IoctlDevice.readWrite('S', 0, GuestRequest.SIZE);
  static final long SNP_GET_DERIVED_KEY = IoctlDevice.readWrite('S', 1, GuestRequest.SIZE);
  static final long SNP_GET_EXT_REPORT = IoctlDevice.readWrite('S', 2, GuestRequest.SIZE);

  /** sizeof(struct snp_report_req). */
  static final int REPORT_REQUEST = 96;

  /** sizeof(struct snp_ext_report_req): the report request, certs_address, certs_len, padding. */
  static final int EXT_REPORT_REQUEST = 112;

  private final IoctlDevice device;

  public SevGuestDevice(IoctlDevice device) {
    this.device = device;
  }

  /** Opens {@code /dev/sev-guest} (or another path) through JNA. */
  public static SevGuestDevice open(Path path) throws TeeDeviceException {
    return new SevGuestDevice(JnaIoctlDevice.open(path));
  }

  /** A report (0x4A0 bytes) carrying {@code reportData}, requested at {@code vmpl}. */
  public synchronized Bytes report(Bytes reportData, int vmpl) throws IOException {
    Memory request = zeroed(REPORT_REQUEST);
    writeReportRequest(request, reportData, vmpl);
    Memory response = zeroed(SevGuestResponses.REPORT_RESPONSE);
    issue(SNP_GET_REPORT, "SNP_GET_REPORT", request, response).check();
    return SevGuestResponses.report(read(response));
  }

  /** A report with the host's certificate table (SEV_FW_BLOB_MAX_SIZE at most). */
  public synchronized ExtendedReport extendedReport(Bytes reportData, int vmpl) throws IOException {
    Memory request = zeroed(EXT_REPORT_REQUEST);
    writeReportRequest(request, reportData, vmpl);
    Memory certs = zeroed(SnpCertificateTable.MAX_LENGTH);
    request.setLong(REPORT_REQUEST, Pointer.nativeValue(certs));
    request.setInt(REPORT_REQUEST + 8, SnpCertificateTable.MAX_LENGTH);
    Memory response = zeroed(SevGuestResponses.REPORT_RESPONSE);
    GuestRequest.Outcome outcome =
        issue(SNP_GET_EXT_REPORT, "SNP_GET_EXT_REPORT", request, response);
    if (outcome.certificatesTooLarge()) {
      throw new TeeDeviceException(
          Reason.MALFORMED_RESPONSE,
          "the host's certificate blob needs "
              + Integer.toUnsignedString(request.getInt(REPORT_REQUEST + 8))
              + " bytes, more than the guest driver's "
              + SnpCertificateTable.MAX_LENGTH);
    }
    outcome.check();
    return new ExtendedReport(
        SevGuestResponses.report(read(response)), SnpCertificateTable.parse(read(certs)));
  }

  /** The firmware's derived key for {@code key} (MSG_KEY_REQ), 32 bytes. */
  public synchronized SecretBytes derivedKey(SnpKeyRequest key) throws IOException {
    Memory request = zeroed(SnpKeyRequest.LENGTH);
    request.write(0, key.toBytes().toArray(), 0, SnpKeyRequest.LENGTH);
    Memory response = zeroed(SevGuestResponses.KEY_RESPONSE);
    try {
      issue(SNP_GET_DERIVED_KEY, "SNP_GET_DERIVED_KEY", request, response).check();
      return SevGuestResponses.derivedKey(read(response));
    } finally {
      response.clear();
    }
  }

  private static void writeReportRequest(Memory request, Bytes reportData, int vmpl)
      throws TeeDeviceException {
    ReportData.check(reportData);
    if (vmpl < 0 || vmpl > 3) {
      throw new TeeDeviceException(Reason.INVALID_REQUEST, "VMPL must be 0..3, got " + vmpl);
    }
    request.write(0, reportData.toArray(), 0, ReportData.LENGTH);
    request.setInt(ReportData.LENGTH, vmpl);
  }

  private GuestRequest.Outcome issue(long ioctl, String name, Memory request, Memory response)
      throws IOException {
    return GuestRequest.issue(device, ioctl, name, request, response);
  }

  private static Memory zeroed(int size) {
    Memory m = new Memory(size);
    m.clear();
    return m;
  }

  private static Bytes read(Memory m) {
    return Bytes.of(m.getByteArray(0, (int) m.size()));
  }

  @Override
  public void close() throws IOException {
    device.close();
  }

  /** A report and the certificate table that came with it. */
  public record ExtendedReport(Bytes report, SnpCertificateTable certificates) {}
}

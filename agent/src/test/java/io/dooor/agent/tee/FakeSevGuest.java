package io.dooor.agent.tee;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the sev-guest driver and the firmware behind it, at the ioctl: it reads {@code
 * struct snp_guest_request_ioctl} and the request structure from native memory as the driver's
 * copy_from_user does, checks their layout, and writes MSG_REPORT_RSP / MSG_KEY_RSP and the
 * certificate table back. The "firmware" holds a chip secret and a launch measurement; its derived
 * key mixes the fields the request selects, so another measurement gives another key.
 */
final class FakeSevGuest implements IoctlDevice {
  static final int EIO = 5;

  byte[] report;
  byte[] certTable = new byte[0];
  byte[] chipSecret = new byte[32];
  byte[] measurement = new byte[48];
  int status;
  int errno;
  long exitInfo2;
  Integer reportSizeOverride;
  final List<byte[]> requests = new ArrayList<>();

  FakeSevGuest(byte[] report) {
    this.report = report;
  }

  @Override
  public int ioctl(long request, Pointer arg) throws IOException {
    if (arg.getByte(0) != 1) {
      return 22;
    }
    Pointer req = new Pointer(arg.getLong(8));
    Pointer resp = new Pointer(arg.getLong(16));
    if (errno != 0) {
      arg.setLong(24, exitInfo2);
      return errno;
    }
    if (request == SevGuestDevice.SNP_GET_REPORT) {
      return report(req.getByteArray(0, SevGuestDevice.REPORT_REQUEST), resp);
    }
    if (request == SevGuestDevice.SNP_GET_EXT_REPORT) {
      return extReport(req, resp, arg);
    }
    if (request == SevGuestDevice.SNP_GET_DERIVED_KEY) {
      return derivedKey(req.getByteArray(0, SnpKeyRequest.LENGTH), resp);
    }
    return 25; // ENOTTY
  }

  private int report(byte[] request, Pointer resp) {
    requests.add(request);
    ByteBuffer rsp = ByteBuffer.allocate(SevGuestResponses.REPORT_RESPONSE);
    rsp.order(ByteOrder.LITTLE_ENDIAN);
    rsp.putInt(0, status);
    int size = reportSizeOverride != null ? reportSizeOverride : report.length;
    rsp.putInt(4, size);
    byte[] r = Recorded.withReportData(report, Recorded.SNP_REPORT_DATA, request);
    rsp.put(SevGuestResponses.REPORT_OFFSET, r, 0, Math.min(r.length, 4000 - 0x20));
    resp.write(0, rsp.array(), 0, SevGuestResponses.REPORT_RESPONSE);
    return 0;
  }

  private int extReport(Pointer req, Pointer resp, Pointer arg) {
    long certsAddress = req.getLong(SevGuestDevice.REPORT_REQUEST);
    int certsLength = req.getInt(SevGuestDevice.REPORT_REQUEST + 8);
    int needed = (certTable.length + 4095) / 4096 * 4096;
    if (certsLength % 4096 != 0) {
      return 22; // EINVAL, as the driver says for unaligned lengths
    }
    if (needed > certsLength) {
      req.setInt(SevGuestDevice.REPORT_REQUEST + 8, needed);
      arg.setLong(24, 1L << 32);
      return EIO;
    }
    new Pointer(certsAddress).write(0, certTable, 0, certTable.length);
    return report(req.getByteArray(0, SevGuestDevice.REPORT_REQUEST), resp);
  }

  private int derivedKey(byte[] request, Pointer resp) {
    requests.add(request);
    SnpKeyRequest k = SnpKeyRequest.parse(io.dooor.common.Bytes.of(request));
    ByteBuffer rsp = ByteBuffer.allocate(SevGuestResponses.KEY_RESPONSE);
    rsp.order(ByteOrder.LITTLE_ENDIAN);
    rsp.putInt(0, status);
    rsp.put(0x20, key(k));
    resp.write(0, rsp.array(), 0, SevGuestResponses.KEY_RESPONSE);
    return 0;
  }

  private byte[] key(SnpKeyRequest k) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(chipSecret);
      d.update(k.toBytes().toArray());
      if ((k.guestFieldSelect() & SnpKeyRequest.MEASUREMENT) != 0) {
        d.update(measurement);
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {}
}

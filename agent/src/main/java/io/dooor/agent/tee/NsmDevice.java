package io.dooor.agent.tee;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.common.Bytes;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The AWS Nitro Secure Module on {@code /dev/nsm} (Linux include/uapi/linux/nsm.h): one raw message
 * per NSM_IOCTL_RAW, {@code struct nsm_raw} being two {@code struct nsm_iovec} (addr u64, len u64)
 * for the CBOR request (at most 4 KiB) and the response buffer (12 KiB), whose len the driver sets
 * to the answer's length. The driver truncates an answer that does not fit, so the buffer is the
 * maximum and a full one is refused.
 */
public final class NsmDevice implements Closeable {
  /** The NSM's device node. */
  public static final Path DEFAULT_PATH = Path.of("/dev/nsm");

  /** sizeof(struct nsm_raw). */
  static final int RAW_SIZE = 32;

  static final long NSM_IOCTL_RAW = IoctlDevice.readWrite(0x0A, 0, RAW_SIZE);

  private final IoctlDevice device;

  public NsmDevice(IoctlDevice device) {
    this.device = device;
  }

  /** Opens {@code /dev/nsm} (or another path) through JNA. */
  public static NsmDevice open(Path path) throws TeeDeviceException {
    return new NsmDevice(JnaIoctlDevice.open(path));
  }

  /** A COSE_Sign1 attestation document whose user_data is {@code userData}. */
  public synchronized Bytes attestation(Bytes userData) throws IOException {
    return NsmMessages.attestationDocument(exchange(NsmMessages.attestationRequest(userData)));
  }

  private Bytes exchange(Bytes cbor) throws IOException {
    Memory request = new Memory(cbor.length());
    request.write(0, cbor.toArray(), 0, cbor.length());
    Memory response = new Memory(NsmMessages.RESPONSE_MAX);
    response.clear();
    Memory raw = new Memory(RAW_SIZE);
    raw.setLong(0, Pointer.nativeValue(request));
    raw.setLong(8, cbor.length());
    raw.setLong(16, Pointer.nativeValue(response));
    raw.setLong(24, NsmMessages.RESPONSE_MAX);
    int errno = device.ioctl(NSM_IOCTL_RAW, raw);
    if (errno != 0) {
      throw new TeeDeviceException(Reason.IOCTL_FAILED, "NSM_IOCTL_RAW failed: errno " + errno);
    }
    long length = raw.getLong(24);
    if (length <= 0 || length >= NsmMessages.RESPONSE_MAX) {
      throw new TeeDeviceException(
          Reason.MALFORMED_RESPONSE,
          "the NSM answer is " + length + " bytes (empty, or possibly truncated)");
    }
    return Bytes.of(response.getByteArray(0, (int) length));
  }

  @Override
  public void close() throws IOException {
    device.close();
  }
}

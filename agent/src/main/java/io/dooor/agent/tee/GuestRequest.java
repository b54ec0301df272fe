package io.dooor.agent.tee;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.dooor.agent.tee.TeeDeviceException.Reason;
import java.io.IOException;

/**
 * {@code struct snp_guest_request_ioctl} (Linux include/uapi/linux/sev-guest.h), 32 bytes on
 * x86-64: msg_version u8 at 0, req_data u64 at 8, resp_data u64 at 16, exitinfo2 u64 at 24 (bits
 * 31:0 the firmware error, 63:32 the VMM error).
 */
final class GuestRequest {
  static final int SIZE = 32;
  static final int EIO = 5;

  /** SNP_GUEST_VMM_ERR_INVALID_LEN: the certificate buffer was too small. */
  static final int VMM_ERR_INVALID_LEN = 1;

  private GuestRequest() {}

  static Outcome issue(IoctlDevice device, long ioctl, String name, Memory req, Memory resp)
      throws IOException {
    Memory arg = new Memory(SIZE);
    arg.clear();
    arg.setByte(0, (byte) 1);
    arg.setLong(8, Pointer.nativeValue(req));
    arg.setLong(16, Pointer.nativeValue(resp));
    int errno = device.ioctl(ioctl, arg);
    return new Outcome(name, errno, arg.getLong(24));
  }

  /** What the ioctl returned and left in exitinfo2. */
  record Outcome(String name, int errno, long exitInfo2) {
    long firmwareError() {
      return exitInfo2 & 0xffffffffL;
    }

    long vmmError() {
      return exitInfo2 >>> 32;
    }

    boolean certificatesTooLarge() {
      return errno == EIO && vmmError() == VMM_ERR_INVALID_LEN;
    }

    void check() throws TeeDeviceException {
      if (errno != 0) {
        throw new TeeDeviceException(
            Reason.IOCTL_FAILED,
            name
                + " failed: errno "
                + errno
                + ", firmware error "
                + SevGuestResponses.statusName((int) firmwareError())
                + ", VMM error 0x"
                + Long.toHexString(vmmError()));
      }
    }
  }
}

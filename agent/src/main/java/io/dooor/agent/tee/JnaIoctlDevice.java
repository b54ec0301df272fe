package io.dooor.agent.tee;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.dooor.agent.tee.TeeDeviceException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A guest device node opened and driven through libc's open(2), ioctl(2) and close(2) by JNA. Why
 * JNA: the guest interfaces are ioctls on character devices, which the JDK cannot issue; Java 17
 * has no stable foreign-function API (java.lang.foreign is final only in Java 22), and a helper
 * binary of our own would be one more thing to build, ship and measure inside the TEE. JNA is a
 * single jar with prebuilt libffi stubs, and the native surface here is these three calls. This
 * class is the only native code path; everything around it runs in the tests.
 */
public final class JnaIoctlDevice implements IoctlDevice {
  private static final int O_RDWR = 2;
  private static final int O_CLOEXEC = 0x80000;

  private final Path path;
  private int fd;

  private JnaIoctlDevice(Path path, int fd) {
    this.path = path;
    this.fd = fd;
  }

  /** Opens {@code device} read-write; UNAVAILABLE when it does not exist or cannot be opened. */
  public static JnaIoctlDevice open(Path device) throws TeeDeviceException {
    if (!Files.exists(device)) {
      throw new TeeDeviceException(Reason.UNAVAILABLE, "no device " + device);
    }
    try {
      return new JnaIoctlDevice(device, LibC.INSTANCE.open(device.toString(), O_RDWR | O_CLOEXEC));
    } catch (LastErrorException e) {
      throw new TeeDeviceException(
          Reason.UNAVAILABLE, "cannot open " + device + ": errno " + e.getErrorCode(), e);
    }
  }

  @Override
  public synchronized int ioctl(long request, Pointer argument) throws IOException {
    if (fd < 0) {
      throw new IOException(path + " is closed");
    }
    try {
      LibC.INSTANCE.ioctl(fd, new NativeLong(request), argument);
      return 0;
    } catch (LastErrorException e) {
      return e.getErrorCode();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (fd < 0) {
      return;
    }
    int open = fd;
    fd = -1;
    try {
      LibC.INSTANCE.close(open);
    } catch (LastErrorException e) {
      throw new IOException("closing " + path + ": errno " + e.getErrorCode(), e);
    }
  }

  /** The three libc calls, bound by JNA. */
  interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int open(String path, int flags) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Pointer argument) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }
}

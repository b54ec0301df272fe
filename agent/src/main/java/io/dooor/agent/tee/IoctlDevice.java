package io.dooor.agent.tee;

import com.sun.jna.Pointer;
import java.io.Closeable;
import java.io.IOException;

/**
 * An open guest device on which requests are issued with ioctl(2): the seam between the agent's
 * request building and response parsing (all in Java, all tested) and the one native call. {@link
 * JnaIoctlDevice} is the real one; tests put a stand-in here that reads the argument structure from
 * native memory as the kernel's copy_from_user would and writes recorded or constructed responses
 * back.
 */
public interface IoctlDevice extends Closeable {
  /**
   * {@code ioctl(fd, request, argument)}.
   *
   * @return 0 on success, otherwise the errno
   * @throws IOException when the device is closed
   */
  int ioctl(long request, Pointer argument) throws IOException;

  /** Linux's _IOWR(type, nr, size): read-write ioctl numbers (asm-generic/ioctl.h). */
  static long readWrite(int type, int nr, int size) {
    return (3L << 30) | ((long) size << 16) | ((long) type << 8) | nr;
  }
}

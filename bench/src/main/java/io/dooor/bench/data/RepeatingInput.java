package io.dooor.bench.data;

import java.io.InputStream;

/** {@code size} bytes of a fixed random pattern, generated on the fly (no blob in memory). */
final class RepeatingInput extends InputStream {
  private final byte[] pattern;
  private long remaining;
  private int pos;

  RepeatingInput(byte[] pattern, long size) {
    this.pattern = pattern;
    this.remaining = size;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (remaining == 0) {
      return len == 0 ? 0 : -1;
    }
    int n = (int) Math.min(Math.min(len, remaining), pattern.length - pos);
    System.arraycopy(pattern, pos, b, off, n);
    pos = (pos + n) % pattern.length;
    remaining -= n;
    return n;
  }
}

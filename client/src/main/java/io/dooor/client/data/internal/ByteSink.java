package io.dooor.client.data.internal;

import java.io.ByteArrayOutputStream;

/** Writes big-endian fields, the counterpart of {@link ByteCursor}. */
public final class ByteSink {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public ByteSink u8(int v) {
    out.write(v);
    return this;
  }

  public ByteSink u16(int v) {
    return unsigned(v, 2);
  }

  public ByteSink u32(long v) {
    return unsigned(v, 4);
  }

  public ByteSink u64(long v) {
    return unsigned(v, 8);
  }

  public ByteSink bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  public byte[] toArray() {
    return out.toByteArray();
  }

  private ByteSink unsigned(long v, int n) {
    for (int i = n - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }
}

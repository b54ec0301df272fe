package io.dooor.bench.data;

import java.io.OutputStream;

/** Writes into a byte array of a known final size, without the copies of ByteArrayOutputStream. */
final class ArraySink extends OutputStream {
  final byte[] bytes;
  private int pos;

  ArraySink(long size) {
    this.bytes = new byte[Math.toIntExact(size)];
  }

  @Override
  public void write(int b) {
    bytes[pos++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    System.arraycopy(b, off, bytes, pos, len);
    pos += len;
  }
}

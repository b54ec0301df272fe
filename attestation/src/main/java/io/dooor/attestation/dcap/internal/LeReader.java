package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.dcap.DcapException.Reason;
import java.util.Arrays;

/** Bounds-checked little-endian reader over untrusted quote bytes; every overrun is MALFORMED. */
public final class LeReader {
  private final byte[] data;
  private final int end;
  private int pos;

  public LeReader(byte[] data, int from, int end) {
    this.data = data;
    this.pos = from;
    this.end = end;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  private void need(int n, String what) throws DcapException {
    if (n < 0 || n > end - pos) {
      throw new DcapException(
          Reason.MALFORMED,
          "quote_structure",
          what + " needs " + n + " bytes at offset " + pos + ", " + (end - pos) + " left");
    }
  }

  public int u16(String what) throws DcapException {
    need(2, what);
    int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
    pos += 2;
    return v;
  }

  /** Unsigned 32-bit value; values above Integer.MAX_VALUE are refused as MALFORMED. */
  public int u32(String what) throws DcapException {
    need(4, what);
    long v =
        (data[pos] & 0xffL)
            | (data[pos + 1] & 0xffL) << 8
            | (data[pos + 2] & 0xffL) << 16
            | (data[pos + 3] & 0xffL) << 24;
    if (v > Integer.MAX_VALUE) {
      throw new DcapException(Reason.MALFORMED, "quote_structure", what + " too large: " + v);
    }
    pos += 4;
    return (int) v;
  }

  public byte[] bytes(int n, String what) throws DcapException {
    need(n, what);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  /** A reader over the next {@code n} bytes, advancing this one past them. */
  public LeReader sub(int n, String what) throws DcapException {
    need(n, what);
    LeReader r = new LeReader(data, pos, pos + n);
    pos += n;
    return r;
  }
}

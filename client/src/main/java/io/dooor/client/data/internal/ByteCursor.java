package io.dooor.client.data.internal;

import io.dooor.client.data.DataException;
import java.util.Arrays;

/**
 * Reads big-endian fields off untrusted bytes; every failure is a {@link DataException} with the
 * parser's reason, naming the field.
 */
public final class ByteCursor {
  private final byte[] data;
  private final DataException.Reason reason;
  private final String what;
  private int pos;

  /**
   * @param what the structure being read ("manifest", "shard header"), for messages
   */
  public ByteCursor(byte[] data, DataException.Reason reason, String what) {
    this.data = data;
    this.reason = reason;
    this.what = what;
  }

  public int u8(String field) throws DataException {
    need(1, field);
    return data[pos++] & 0xff;
  }

  public int u16(String field) throws DataException {
    return (int) unsigned(2, field);
  }

  public long u32(String field) throws DataException {
    return unsigned(4, field);
  }

  /** An unsigned 64-bit value that must fit in a non-negative long. */
  public long u64(String field) throws DataException {
    long v = unsigned(8, field);
    if (v < 0) {
      throw fail(field + " is over 2^63");
    }
    return v;
  }

  public byte[] bytes(int n, String field) throws DataException {
    need(n, field);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  /** Checks the fixed bytes {@code expected} come next (magic numbers). */
  public void expect(byte[] expected, String field) throws DataException {
    need(expected.length, field);
    for (int i = 0; i < expected.length; i++) {
      if (data[pos + i] != expected[i]) {
        throw fail(
            field + " is not " + new String(expected, java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
    pos += expected.length;
  }

  /** Checks nothing is left. */
  public void end() throws DataException {
    if (pos != data.length) {
      throw fail((data.length - pos) + " bytes after the end");
    }
  }

  /** A failure of this structure with the given detail. */
  public DataException fail(String detail) {
    return new DataException(reason, what + ": " + detail);
  }

  private long unsigned(int n, String field) throws DataException {
    need(n, field);
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (data[pos++] & 0xff);
    }
    return v;
  }

  private void need(int n, String field) throws DataException {
    if (data.length - pos < n) {
      throw fail("ends inside " + field + " at byte " + pos);
    }
  }
}

package io.dooor.common.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one strict reader of DER (ITU-T X.690 §10) over untrusted bytes: definite lengths in their
 * minimal form (§10.1, §8.1.3.5) of at most four octets, low-tag-number form only (§8.1.2.2), every
 * element inside its parent, minimally encoded INTEGERs (§8.3.2). Errors are {@link DerException}s
 * naming the structure and the offset. Not thread-safe; the input array is not copied.
 */
public final class DerReader {
  public static final int INTEGER = 0x02;
  public static final int BIT_STRING = 0x03;
  public static final int OCTET_STRING = 0x04;
  public static final int NULL = 0x05;
  public static final int OID = 0x06;
  public static final int ENUMERATED = 0x0a;
  public static final int SEQUENCE = 0x30;

  private final byte[] data;
  private final int end;
  private int pos;

  /** One element: its tag and a reader over its contents. */
  public record Element(int tag, DerReader contents) {}

  private DerReader(byte[] data, int start, int end) {
    this.data = data;
    this.pos = start;
    this.end = end;
  }

  /** A reader over all of {@code data} (not copied: callers must not change it while reading). */
  public static DerReader of(byte[] data) {
    return new DerReader(data, 0, data.length);
  }

  public boolean hasMore() {
    return pos < end;
  }

  /** The tag of the next element, without consuming it; -1 at the end. */
  public int peekTag() {
    return pos < end ? data[pos] & 0xff : -1;
  }

  /** Reads the next element, whatever its tag. */
  public Element next(String what) throws DerException {
    int tag = peekTag();
    if (tag < 0) {
      throw new DerException(what + ": truncated: no element at offset " + pos);
    }
    if ((tag & 0x1f) == 0x1f) {
      throw new DerException(what + ": high-tag-number form at offset " + pos + " is not used");
    }
    pos++;
    int length = readLength(what);
    DerReader inner = new DerReader(data, pos, pos + length);
    pos += length;
    return new Element(tag, inner);
  }

  /** Reads an element with tag {@code tag} and returns a reader over its contents. */
  public DerReader read(int tag, String what) throws DerException {
    int actual = peekTag();
    if (actual != tag) {
      throw new DerException(
          String.format(
              Locale.ROOT,
              "%s: expected tag 0x%02x at offset %d, found %s",
              what,
              tag,
              pos,
              actual < 0 ? "end of data" : String.format(Locale.ROOT, "0x%02x", actual)));
    }
    return next(what).contents();
  }

  /** The remaining contents, as a copy. */
  public byte[] rest() {
    byte[] out = Arrays.copyOfRange(data, pos, end);
    pos = end;
    return out;
  }

  /** Throws unless every byte has been read. */
  public void expectEnd(String what) throws DerException {
    if (pos != end) {
      throw new DerException(what + ": " + (end - pos) + " unexpected trailing bytes");
    }
  }

  /** Reads a SEQUENCE. */
  public DerReader sequence(String what) throws DerException {
    return read(SEQUENCE, what);
  }

  /** Reads an OBJECT IDENTIFIER's content bytes (X.690 §8.19). */
  public byte[] oid(String what) throws DerException {
    byte[] oid = read(OID, what).rest();
    if (oid.length == 0 || (oid[oid.length - 1] & 0x80) != 0 || (oid[0] & 0xff) == 0x80) {
      throw new DerException(what + ": malformed object identifier");
    }
    return oid;
  }

  /** Reads an OCTET STRING. */
  public byte[] octetString(String what) throws DerException {
    return read(OCTET_STRING, what).rest();
  }

  /** Reads a BIT STRING whose unused-bits count is zero (X.690 §8.6.2), returning the bits. */
  public byte[] bitString(String what) throws DerException {
    byte[] content = read(BIT_STRING, what).rest();
    if (content.length == 0 || content[0] != 0) {
      throw new DerException(what + ": bit string must have zero unused bits");
    }
    return Arrays.copyOfRange(content, 1, content.length);
  }

  /** Reads a minimally encoded non-negative INTEGER of at most {@code maxBytes} value bytes. */
  public BigInteger nonNegativeInteger(String what, int maxBytes) throws DerException {
    return nonNegative(read(INTEGER, what).rest(), what, maxBytes);
  }

  /** Reads an INTEGER or ENUMERATED ({@code tag}) in [0, 2^31). */
  public int smallInteger(int tag, String what) throws DerException {
    return nonNegative(read(tag, what).rest(), what, 4).intValueExact();
  }

  /**
   * The value of INTEGER contents (X.690 §8.3): minimal, non-negative, at most {@code maxBytes}
   * value bytes (a leading zero octet is not counted) and, for maxBytes 4, below 2^31.
   */
  public static BigInteger nonNegative(byte[] content, String what, int maxBytes)
      throws DerException {
    if (content.length == 0 || content.length > maxBytes + 1) {
      throw new DerException(what + ": integer of " + content.length + " bytes");
    }
    if (content.length > 1 && content[0] == 0 && (content[1] & 0x80) == 0) {
      throw new DerException(what + ": integer not minimally encoded");
    }
    if ((content[0] & 0x80) != 0) {
      throw new DerException(what + ": negative integer");
    }
    BigInteger v = new BigInteger(1, content);
    if (v.bitLength() > 8 * maxBytes || (maxBytes == 4 && v.bitLength() > 31)) {
      throw new DerException(what + ": integer out of range");
    }
    return v;
  }

  /** Dotted-decimal text of an OBJECT IDENTIFIER's content bytes (X.690 §8.19.4). */
  public static String dotted(byte[] oid) {
    StringBuilder sb = new StringBuilder();
    BigInteger value = BigInteger.ZERO;
    boolean first = true;
    for (byte b : oid) {
      value = value.shiftLeft(7).or(BigInteger.valueOf(b & 0x7f));
      if ((b & 0x80) == 0) {
        if (first) {
          int arc = value.compareTo(BigInteger.valueOf(80)) >= 0 ? 2 : value.intValue() / 40;
          sb.append(arc).append('.').append(value.subtract(BigInteger.valueOf(40L * arc)));
          first = false;
        } else {
          sb.append('.').append(value);
        }
        value = BigInteger.ZERO;
      }
    }
    return sb.toString();
  }

  private int readLength(String what) throws DerException {
    if (pos >= end) {
      throw new DerException(what + ": truncated before length at offset " + pos);
    }
    int first = data[pos++] & 0xff;
    int length = first;
    if (first >= 0x80) {
      int count = first & 0x7f;
      if (count == 0 || count > 4) {
        throw new DerException(
            what + ": indefinite or oversized length form 0x" + Integer.toHexString(first));
      }
      length = readLongLength(count, what);
    }
    if (length > end - pos) {
      throw new DerException(
          what + ": length " + length + " exceeds the " + (end - pos) + " bytes available");
    }
    return length;
  }

  private int readLongLength(int count, String what) throws DerException {
    if (end - pos < count) {
      throw new DerException(what + ": truncated length");
    }
    long length = 0;
    for (int i = 0; i < count; i++) {
      length = (length << 8) | (data[pos++] & 0xff);
    }
    long minimum = count == 1 ? 0x80 : 1L << (8 * (count - 1));
    if (length < minimum) {
      throw new DerException(what + ": length " + length + " not minimally encoded");
    }
    if (length > Integer.MAX_VALUE) {
      throw new DerException(what + ": length " + length + " too large");
    }
    return (int) length;
  }
}

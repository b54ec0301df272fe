package io.dooor.client.auth.internal;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A strict reader of DER (ITU-T X.690 §10) for the few structures of keys: definite, minimal
 * lengths only, low-tag-number form only, every element read in full. Errors are {@link
 * DerException}s naming the offset.
 */
public final class DerReader {
  public static final int INTEGER = 0x02;
  public static final int BIT_STRING = 0x03;
  public static final int OCTET_STRING = 0x04;
  public static final int NULL = 0x05;
  public static final int OID = 0x06;
  public static final int SEQUENCE = 0x30;

  private final byte[] data;
  private final int end;
  private int pos;

  private DerReader(byte[] data, int start, int end) {
    this.data = data;
    this.pos = start;
    this.end = end;
  }

  /** A reader over all of {@code data} (not copied: callers own the array). */
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

  /** Reads an element with tag {@code tag} and returns a reader over its contents. */
  public DerReader read(int tag, String what) throws DerException {
    int actual = peekTag();
    if (actual != tag) {
      throw new DerException(
          String.format(
              java.util.Locale.ROOT,
              "%s: expected tag 0x%02x at offset %d, found %s",
              what,
              tag,
              pos,
              actual < 0 ? "end of data" : String.format(java.util.Locale.ROOT, "0x%02x", actual)));
    }
    pos++;
    int length = readLength(what);
    DerReader inner = new DerReader(data, pos, pos + length);
    pos += length;
    return inner;
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

  /** Reads an OBJECT IDENTIFIER's content bytes. */
  public byte[] oid(String what) throws DerException {
    byte[] oid = read(OID, what).rest();
    if (oid.length == 0 || (oid[oid.length - 1] & 0x80) != 0) {
      throw new DerException(what + ": malformed object identifier");
    }
    return oid;
  }

  /** Reads an OCTET STRING. */
  public byte[] octetString(String what) throws DerException {
    return read(OCTET_STRING, what).rest();
  }

  /** Reads a BIT STRING whose unused-bits count is zero, returning the bits. */
  public byte[] bitString(String what) throws DerException {
    byte[] content = read(BIT_STRING, what).rest();
    if (content.length == 0 || content[0] != 0) {
      throw new DerException(what + ": bit string must have zero unused bits");
    }
    return Arrays.copyOfRange(content, 1, content.length);
  }

  /** Reads a minimally encoded non-negative INTEGER of at most {@code maxBytes} value bytes. */
  public BigInteger nonNegativeInteger(String what, int maxBytes) throws DerException {
    byte[] content = read(INTEGER, what).rest();
    if (content.length == 0 || content.length > maxBytes + 1) {
      throw new DerException(what + ": integer of " + content.length + " bytes");
    }
    if (content.length > 1 && content[0] == 0 && (content[1] & 0x80) == 0) {
      throw new DerException(what + ": integer not minimally encoded");
    }
    if ((content[0] & 0x80) != 0) {
      throw new DerException(what + ": negative integer");
    }
    return new BigInteger(1, content);
  }

  private int readLength(String what) throws DerException {
    if (pos >= end) {
      throw new DerException(what + ": truncated before length at offset " + pos);
    }
    int first = data[pos++] & 0xff;
    int length;
    if (first < 0x80) {
      length = first;
    } else if (first == 0x81 || first == 0x82) {
      length = readLongLength(first & 0x7f, what);
    } else {
      throw new DerException(what + ": unsupported or indefinite length form 0x" + hex(first));
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
    int length = 0;
    for (int i = 0; i < count; i++) {
      length = (length << 8) | (data[pos++] & 0xff);
    }
    int minimum = count == 1 ? 0x80 : 0x100;
    if (length < minimum) {
      throw new DerException(what + ": length " + length + " not minimally encoded");
    }
    return length;
  }

  private static String hex(int b) {
    return String.format(java.util.Locale.ROOT, "%02x", b);
  }
}

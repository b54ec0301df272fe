package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.dcap.DcapException.Reason;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A minimal DER reader (ITU-T X.690 §8, §10): definite lengths only, one TLV at a time, over
 * untrusted bytes. Every malformation is a MALFORMED {@link DcapException} naming the check.
 */
public final class DerReader {
  public static final int INTEGER = 0x02;
  public static final int OCTET_STRING = 0x04;
  public static final int OID = 0x06;
  public static final int ENUMERATED = 0x0a;
  public static final int SEQUENCE = 0x30;

  private final byte[] data;
  private final String check;
  private int pos;
  private final int end;

  /** One tag-length-value; {@code value} is a copy of the contents. */
  public record Tlv(int tag, byte[] value) {}

  public DerReader(byte[] data, String check) {
    this(data, 0, data.length, check);
  }

  private DerReader(byte[] data, int from, int end, String check) {
    this.data = data;
    this.pos = from;
    this.end = end;
    this.check = check;
  }

  public boolean hasNext() {
    return pos < end;
  }

  public Tlv next() throws DcapException {
    int tag = take() & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw bad("multi-byte tags are not used here");
    }
    int len = take() & 0xff;
    if (len >= 0x80) {
      int n = len & 0x7f;
      if (n == 0 || n > 3) {
        throw bad("unsupported length encoding 0x" + Integer.toHexString(len));
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = len << 8 | (take() & 0xff);
      }
    }
    if (len > end - pos) {
      throw bad("length " + len + " exceeds the " + (end - pos) + " bytes left");
    }
    Tlv t = new Tlv(tag, Arrays.copyOfRange(data, pos, pos + len));
    pos += len;
    return t;
  }

  /** The next TLV, which must carry {@code tag}. */
  public byte[] next(int tag, String what) throws DcapException {
    Tlv t = next();
    if (t.tag() != tag) {
      throw bad(
          what
              + ": expected tag 0x"
              + Integer.toHexString(tag)
              + ", got 0x"
              + Integer.toHexString(t.tag()));
    }
    return t.value();
  }

  /** A reader over the contents of a constructed value. */
  public DerReader children(byte[] value) {
    return new DerReader(value, 0, value.length, check);
  }

  private byte take() throws DcapException {
    if (pos >= end) {
      throw bad("truncated");
    }
    return data[pos++];
  }

  /** A small non-negative INTEGER/ENUMERATED value (at most 31 bits). */
  public int smallInt(byte[] value, String what) throws DcapException {
    if (value.length == 0 || value.length > 5) {
      throw bad(what + ": bad integer length " + value.length);
    }
    BigInteger v = new BigInteger(value);
    if (v.signum() < 0 || v.bitLength() > 31) {
      throw bad(what + ": integer out of range");
    }
    return v.intValue();
  }

  /** Dotted text of an OBJECT IDENTIFIER's contents (X.690 §8.19). */
  public String oid(byte[] v) throws DcapException {
    if (v.length == 0 || (v[v.length - 1] & 0x80) != 0) {
      throw bad("malformed object identifier");
    }
    StringBuilder sb = new StringBuilder();
    long acc = 0;
    boolean first = true;
    for (byte b : v) {
      if (acc > (Long.MAX_VALUE >> 8)) {
        throw bad("object identifier arc too large");
      }
      acc = acc << 7 | (b & 0x7f);
      if ((b & 0x80) == 0) {
        if (first) {
          long a = Math.min(acc / 40, 2);
          sb.append(a).append('.').append(acc - 40 * a);
          first = false;
        } else {
          sb.append('.').append(acc);
        }
        acc = 0;
      }
    }
    return sb.toString();
  }

  public DcapException bad(String what) {
    return new DcapException(Reason.MALFORMED, check, what);
  }
}

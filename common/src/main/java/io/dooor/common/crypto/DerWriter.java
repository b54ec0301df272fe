package io.dooor.common.crypto;

import java.io.ByteArrayOutputStream;

/** Builds DER (ITU-T X.690 §10): minimal definite lengths, for keys and signatures. */
public final class DerWriter {
  private DerWriter() {}

  /** One element: tag, minimal definite length, contents. */
  public static byte[] element(int tag, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      body.writeBytes(p);
    }
    int length = body.size();
    if (length > 0xffff) {
      throw new IllegalArgumentException("DER element of " + length + " bytes is too long here");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 4);
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length & 0xff);
    }
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  public static byte[] sequence(byte[]... parts) {
    return element(DerReader.SEQUENCE, parts);
  }

  /** A BIT STRING with zero unused bits. */
  public static byte[] bitString(byte[] bits) {
    byte[] content = new byte[bits.length + 1];
    System.arraycopy(bits, 0, content, 1, bits.length);
    return element(DerReader.BIT_STRING, content);
  }

  public static byte[] octetString(byte[] value) {
    return element(DerReader.OCTET_STRING, value);
  }

  public static byte[] oid(byte[] encodedOid) {
    return element(DerReader.OID, encodedOid);
  }

  /** A non-negative INTEGER, minimally encoded (X.690 §8.3.2). */
  public static byte[] integer(java.math.BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("negative integer");
    }
    return element(DerReader.INTEGER, value.toByteArray());
  }

  /** A small non-negative INTEGER (0..127). */
  public static byte[] smallInteger(int value) {
    if (value < 0 || value > 127) {
      throw new IllegalArgumentException("small integer out of range: " + value);
    }
    return element(DerReader.INTEGER, new byte[] {(byte) value});
  }
}

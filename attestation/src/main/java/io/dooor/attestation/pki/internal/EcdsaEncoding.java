package io.dooor.attestation.pki.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/** Converts fixed-width ECDSA (r, s) into the DER ECDSA-Sig-Value of RFC 3279 §2.2.3. */
public final class EcdsaEncoding {
  private EcdsaEncoding() {}

  /** DER SEQUENCE { INTEGER r, INTEGER s } for non-negative r and s (each < 2^1000). */
  public static byte[] toDer(BigInteger r, BigInteger s) {
    byte[] ri = r.toByteArray();
    byte[] si = s.toByteArray();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeTlv(body, 0x02, ri);
    writeTlv(body, 0x02, si);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTlv(out, 0x30, body.toByteArray());
    return out.toByteArray();
  }

  private static void writeTlv(ByteArrayOutputStream out, int tag, byte[] value) {
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >>> 8);
      out.write(n & 0xff);
    }
    out.write(value, 0, n);
  }
}

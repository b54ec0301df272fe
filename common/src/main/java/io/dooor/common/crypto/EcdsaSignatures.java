package io.dooor.common.crypto;

import java.math.BigInteger;
import java.security.SignatureException;

/** The DER ECDSA-Sig-Value of RFC 3279 §2.2.3: SEQUENCE { INTEGER r, INTEGER s }. */
final class EcdsaSignatures {
  private EcdsaSignatures() {}

  /** DER SEQUENCE { r, s } for non-negative r and s. */
  static byte[] toDer(BigInteger r, BigInteger s) {
    return DerWriter.sequence(DerWriter.integer(r), DerWriter.integer(s));
  }

  /** (r, s) of a strict DER signature on {@code curve}. */
  static BigInteger[] fromDer(byte[] der, EcCurve curve) throws SignatureException {
    try {
      DerReader outer = DerReader.of(der);
      DerReader seq = outer.sequence("ECDSA-Sig-Value");
      outer.expectEnd("ECDSA-Sig-Value");
      BigInteger r = seq.nonNegativeInteger("r", curve.size());
      BigInteger s = seq.nonNegativeInteger("s", curve.size());
      seq.expectEnd("ECDSA-Sig-Value");
      return new BigInteger[] {r, s};
    } catch (DerException e) {
      throw new SignatureException("ECDSA signature: " + e.getMessage(), e);
    }
  }
}

package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;

/**
 * Strictness the JDK's X.509 decoder lacks (RFC 5280 §4.1.1.3, §5.1.1.3; X.690 §11.2.1): a
 * certificate or CRL is exactly SEQUENCE { tbs, signatureAlgorithm, BIT STRING } and the signature
 * BIT STRING has no unused bits. Otherwise a bit flip in the unused-bits octet would leave an
 * accepted, differently-encoded object.
 */
final class SignedDer {
  private static final int BIT_STRING = 0x03;

  private SignedDer() {}

  static void check(byte[] der, String check) throws DcapException {
    DerReader top = new DerReader(der, check);
    DerReader outer = top.children(top.next(DerReader.SEQUENCE, "signed object"));
    if (top.hasNext()) {
      throw top.bad("trailing bytes after the signed object");
    }
    outer.next(DerReader.SEQUENCE, "to-be-signed part");
    outer.next(DerReader.SEQUENCE, "signature algorithm");
    byte[] sig = outer.next(BIT_STRING, "signature");
    if (sig.length == 0 || sig[0] != 0 || outer.hasNext()) {
      throw outer.bad("signature BIT STRING with unused bits or trailing fields");
    }
  }
}

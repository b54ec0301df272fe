package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.common.crypto.DerException;
import io.dooor.common.crypto.DerReader;

/**
 * Strictness the JDK's X.509 decoder lacks (RFC 5280 §4.1.1.3, §5.1.1.3; X.690 §11.2.1): a
 * certificate or CRL is exactly SEQUENCE { tbs, signatureAlgorithm, BIT STRING } and the signature
 * BIT STRING has no unused bits. Otherwise a bit flip in the unused-bits octet would leave an
 * accepted, differently-encoded object.
 */
final class SignedDer {
  private SignedDer() {}

  static void check(byte[] der, String check) throws DcapException {
    try {
      DerReader top = DerReader.of(der);
      DerReader outer = top.sequence("signed object");
      top.expectEnd("signed object");
      outer.sequence("to-be-signed part");
      outer.sequence("signature algorithm");
      outer.bitString("signature");
      outer.expectEnd("signed object");
    } catch (DerException e) {
      throw new DcapException(DcapException.Reason.MALFORMED, check, e.getMessage());
    }
  }
}

package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.dcap.DcapException.Reason;
import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.DecodeMemo;
import io.dooor.attestation.pki.PkiException;
import io.dooor.common.Bytes;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the PEM issuer chains of Intel collateral (strict PEM, strict DER) into certificates.
 * Decoding is a pure function of the bytes, so it is done once per distinct chain text in the
 * process (the TCB info and QE identity issuer chains are the same text, and the same for every
 * platform), and a block byte-identical to the pinned root's DER reuses the root certificate
 * decoded and checked when the trust folder was loaded. Nothing here verifies: the chains still go
 * through path validation on every call.
 */
final class ChainDecoder {
  /** Decoded chains by their exact text, shared by every verifier in the process. */
  private static final DecodeMemo<List<X509Certificate>> DECODED = DecodeMemo.create(64);

  /** The certificates of {@code pem}, in order; MALFORMED (as {@code check}) if not decodable. */
  List<X509Certificate> decode(Bytes pem, X509Certificate root, String check)
      throws DcapException, PkiException {
    List<X509Certificate> hit = DECODED.get(pem);
    if (hit != null) {
      return hit;
    }
    byte[] rootDer = der(root);
    List<X509Certificate> certs = new ArrayList<>();
    for (byte[] der : PemCertificates.certificates(pem.toArray(), check)) {
      if (MessageDigest.isEqual(der, rootDer)) {
        certs.add(root);
        continue;
      }
      SignedDer.check(der, check);
      certs.add(Certificates.parseDer(Bytes.of(der)));
    }
    List<X509Certificate> out = List.copyOf(certs);
    DECODED.put(pem, out);
    return out;
  }

  private static byte[] der(X509Certificate c) throws DcapException {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new DcapException(Reason.MALFORMED, "trust_anchor", "root cannot be encoded");
    }
  }
}

package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.dcap.DcapException.Reason;
import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.PkiException;
import io.dooor.core.Bytes;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the PEM issuer chains of Intel collateral (strict PEM, strict DER) into certificates.
 * Decoding is a pure function of the bytes, so it is done once per distinct chain text (the TCB
 * info and QE identity issuer chains are the same text), and a block byte-identical to the pinned
 * root's DER reuses the root certificate decoded and checked when the trust folder was loaded.
 * Nothing here verifies: the chains still go through path validation on every call.
 */
final class ChainDecoder {
  private static final int MAX = 16;

  private final Map<Bytes, List<X509Certificate>> decoded =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes, List<X509Certificate>> e) {
              return size() > MAX;
            }
          });

  /** The certificates of {@code pem}, in order; MALFORMED (as {@code check}) if not decodable. */
  List<X509Certificate> decode(Bytes pem, X509Certificate root, String check)
      throws DcapException, PkiException {
    List<X509Certificate> hit = decoded.get(pem);
    if (hit != null) {
      return hit;
    }
    byte[] rootDer = der(root);
    List<X509Certificate> certs = new ArrayList<>();
    for (byte[] der : StrictPem.certificates(pem.toArray(), check)) {
      if (MessageDigest.isEqual(der, rootDer)) {
        certs.add(root);
        continue;
      }
      SignedDer.check(der, check);
      certs.add(Certificates.parseDer(Bytes.of(der)));
    }
    List<X509Certificate> out = List.copyOf(certs);
    decoded.put(pem, out);
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

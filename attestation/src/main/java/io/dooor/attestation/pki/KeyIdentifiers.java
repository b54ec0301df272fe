package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.common.Bytes;
import java.security.cert.X509Extension;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * The key identifiers that link a certificate or CRL to its issuer's key (RFC 5280 §4.2.1.1
 * authority key identifier, keyIdentifier field; §4.2.1.2 subject key identifier; §5.2.1 for CRLs).
 * Linking by key identifier where both sides carry one tells apart two issuers of the same name (a
 * re-keyed CA) before any signature is tried.
 */
final class KeyIdentifiers {
  private KeyIdentifiers() {}

  /** The subject key identifier of a certificate, if it has one. */
  static Optional<Bytes> subject(X509Extension c) throws PkiException {
    byte[] ext = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ext == null) {
      return Optional.empty();
    }
    try {
      byte[] id = SubjectKeyIdentifier.getInstance(inner(ext)).getKeyIdentifier();
      return Optional.of(Bytes.of(id));
    } catch (RuntimeException e) {
      throw new PkiException(Reason.MALFORMED, "malformed subject key identifier extension");
    }
  }

  /** The keyIdentifier of the authority key identifier of a certificate or CRL, if present. */
  static Optional<Bytes> authority(X509Extension c) throws PkiException {
    byte[] ext = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    if (ext == null) {
      return Optional.empty();
    }
    try {
      byte[] id = AuthorityKeyIdentifier.getInstance(inner(ext)).getKeyIdentifier();
      return Optional.ofNullable(id).map(Bytes::of);
    } catch (RuntimeException e) {
      throw new PkiException(Reason.MALFORMED, "malformed authority key identifier extension");
    }
  }

  /**
   * Empty when {@code child}'s authority key identifier matches {@code issuer}'s subject key
   * identifier or either is absent; otherwise what differs.
   */
  static Optional<String> mismatch(X509Extension child, X509Extension issuer) throws PkiException {
    Optional<Bytes> aki = authority(child);
    Optional<Bytes> ski = subject(issuer);
    if (aki.isEmpty() || ski.isEmpty() || aki.get().equals(ski.get())) {
      return Optional.empty();
    }
    return Optional.of(
        "authority key identifier "
            + aki.get().hex()
            + " is not the issuer's subject key identifier "
            + ski.get().hex());
  }

  private static byte[] inner(byte[] extnValue) {
    return ASN1OctetString.getInstance(extnValue).getOctets();
  }
}

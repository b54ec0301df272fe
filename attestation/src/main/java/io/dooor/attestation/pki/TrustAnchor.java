package io.dooor.attestation.pki;

import io.dooor.common.Bytes;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A pinned vendor root whose certificate's fingerprint was checked against {@link VendorRoot}. Only
 * {@link TrustAnchors} creates them. Creation also verifies that the certificate is self-issued and
 * self-signed (so path validation, which runs per verification, need not re-verify the anchor's own
 * signature: the anchor is immutable and the check is a pure function of it).
 */
public final class TrustAnchor {
  private final VendorRoot root;
  private final X509Certificate certificate;

  TrustAnchor(VendorRoot root, X509Certificate certificate) throws PkiException {
    this.root = Objects.requireNonNull(root);
    this.certificate = Objects.requireNonNull(certificate);
    requireSelfSigned(certificate);
  }

  private static void requireSelfSigned(X509Certificate c) throws PkiException {
    if (!c.getIssuerX500Principal().equals(c.getSubjectX500Principal())) {
      throw new PkiException(
          PkiException.Reason.ISSUER_MISMATCH,
          "anchor '" + c.getSubjectX500Principal() + "' is not self-issued");
    }
    SignatureChecks.uncached().certificate(c, c, 0);
  }

  public VendorRoot root() {
    return root;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** SHA-256 of the DER certificate (equals {@link VendorRoot#fingerprint()}). */
  public Bytes fingerprint() {
    return root.fingerprint();
  }

  @Override
  public String toString() {
    return "TrustAnchor[" + root + "]";
  }
}

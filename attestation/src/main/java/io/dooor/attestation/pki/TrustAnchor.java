package io.dooor.attestation.pki;

import io.dooor.core.Bytes;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A pinned vendor root whose certificate's fingerprint was checked against {@link VendorRoot}. Only
 * {@link TrustAnchors} creates them.
 */
public final class TrustAnchor {
  private final VendorRoot root;
  private final X509Certificate certificate;

  TrustAnchor(VendorRoot root, X509Certificate certificate) {
    this.root = Objects.requireNonNull(root);
    this.certificate = Objects.requireNonNull(certificate);
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

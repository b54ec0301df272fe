package io.dooor.attestation.pki;

import io.dooor.common.Bytes;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** A certificate chain that {@link CertificateChainVerifier} verified up to a pinned anchor. */
public final class VerifiedChain {
  private final List<X509Certificate> certificates;
  private final TrustAnchor anchor;
  private final List<X509CRL> crls;
  private final Instant validFrom;
  private final Instant validUntil;
  private final Bytes digest;

  /**
   * Package-private: only {@link CertificateChainVerifier} (same package) makes one, after its
   * checks passed.
   *
   * @param certificates leaf first, ending with the anchor's certificate
   * @param anchor the pinned root the chain ends at
   * @param crls the CRLs that were checked (each signature-verified and current)
   * @param validFrom latest notBefore / CRL thisUpdate of the chain
   * @param validUntil earliest notAfter / CRL nextUpdate of the chain: the verdict holds in between
   * @param digest SHA-256 over the anchor fingerprint, every certificate and CRL DER (cache key)
   */
  VerifiedChain(
      List<X509Certificate> certificates,
      TrustAnchor anchor,
      List<X509CRL> crls,
      Instant validFrom,
      Instant validUntil,
      Bytes digest) {
    certificates = List.copyOf(certificates);
    crls = List.copyOf(crls);
    if (certificates.isEmpty() || validUntil.isBefore(validFrom)) {
      throw new IllegalArgumentException("empty chain or empty validity window");
    }
    this.certificates = certificates;
    this.anchor = anchor;
    this.crls = crls;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.digest = digest;
  }

  public List<X509Certificate> certificates() {
    return certificates;
  }

  public TrustAnchor anchor() {
    return anchor;
  }

  public List<X509CRL> crls() {
    return crls;
  }

  public Instant validFrom() {
    return validFrom;
  }

  public Instant validUntil() {
    return validUntil;
  }

  public Bytes digest() {
    return digest;
  }

  /** The end-entity certificate. */
  public X509Certificate leaf() {
    return certificates.get(0);
  }

  /** Whether the verdict holds at {@code at}. */
  public boolean validAt(Instant at) {
    return !at.isBefore(validFrom) && !at.isAfter(validUntil);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedChain o
        && java.util.Objects.equals(certificates, o.certificates)
        && java.util.Objects.equals(anchor, o.anchor)
        && java.util.Objects.equals(crls, o.crls)
        && java.util.Objects.equals(validFrom, o.validFrom)
        && java.util.Objects.equals(validUntil, o.validUntil)
        && java.util.Objects.equals(digest, o.digest);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(certificates, anchor, crls, validFrom, validUntil, digest);
  }

  @Override
  public String toString() {
    return "VerifiedChain[certificates="
        + certificates
        + ", anchor="
        + anchor
        + ", crls="
        + crls
        + ", validFrom="
        + validFrom
        + ", validUntil="
        + validUntil
        + ", digest="
        + digest
        + "]";
  }
}

package io.dooor.attestation.pki;

import io.dooor.common.Bytes;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate chain that {@link CertificateChainVerifier} verified up to a pinned anchor.
 *
 * @param certificates leaf first, ending with the anchor's certificate
 * @param anchor the pinned root the chain ends at
 * @param crls the CRLs that were checked (each signature-verified and current)
 * @param validFrom latest notBefore / CRL thisUpdate of the chain
 * @param validUntil earliest notAfter / CRL nextUpdate of the chain: the verdict holds in between
 * @param digest SHA-256 over the anchor fingerprint, every certificate and CRL DER (cache key)
 */
public record VerifiedChain(
    List<X509Certificate> certificates,
    TrustAnchor anchor,
    List<X509CRL> crls,
    Instant validFrom,
    Instant validUntil,
    Bytes digest) {
  public VerifiedChain {
    certificates = List.copyOf(certificates);
    crls = List.copyOf(crls);
    if (certificates.isEmpty() || validUntil.isBefore(validFrom)) {
      throw new IllegalArgumentException("empty chain or empty validity window");
    }
  }

  /** The end-entity certificate. */
  public X509Certificate leaf() {
    return certificates.get(0);
  }

  /** Whether the verdict holds at {@code at}. */
  public boolean validAt(Instant at) {
    return !at.isBefore(validFrom) && !at.isAfter(validUntil);
  }
}

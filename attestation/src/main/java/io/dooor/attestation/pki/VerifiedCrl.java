package io.dooor.attestation.pki;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A CRL whose issuer was checked strictly against the certificate that issues the certificates it
 * covers: issuer name equals that certificate's subject, authority key identifier equals its
 * subject key identifier where both are present, the certificate may sign CRLs, and the signature
 * verifies with its key (RFC 5280 §6.3.3 (b), (f), (g)).
 */
public final class VerifiedCrl {
  private final X509CRL crl;
  private final X509Certificate issuer;
  private final Instant validFrom;
  private final Instant validUntil;

  /**
   * Package-private: only {@link SignatureChecks} (same package) makes one, after its checks
   * passed.
   *
   * @param validFrom the CRL's thisUpdate
   * @param validUntil the CRL's nextUpdate (or {@link Instant#MAX} without one)
   */
  VerifiedCrl(X509CRL crl, X509Certificate issuer, Instant validFrom, Instant validUntil) {
    this.crl = crl;
    this.issuer = issuer;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
  }

  public X509CRL crl() {
    return crl;
  }

  public X509Certificate issuer() {
    return issuer;
  }

  public Instant validFrom() {
    return validFrom;
  }

  public Instant validUntil() {
    return validUntil;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedCrl o
        && java.util.Objects.equals(crl, o.crl)
        && java.util.Objects.equals(issuer, o.issuer)
        && java.util.Objects.equals(validFrom, o.validFrom)
        && java.util.Objects.equals(validUntil, o.validUntil);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(crl, issuer, validFrom, validUntil);
  }

  @Override
  public String toString() {
    return "VerifiedCrl[crl="
        + crl
        + ", issuer="
        + issuer
        + ", validFrom="
        + validFrom
        + ", validUntil="
        + validUntil
        + "]";
  }
}

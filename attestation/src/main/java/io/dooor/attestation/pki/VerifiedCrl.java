package io.dooor.attestation.pki;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A CRL whose issuer was checked strictly against the certificate that issues the certificates it
 * covers: issuer name equals that certificate's subject, authority key identifier equals its
 * subject key identifier where both are present, the certificate may sign CRLs, and the signature
 * verifies with its key (RFC 5280 §6.3.3 (b), (f), (g)).
 *
 * @param validFrom the CRL's thisUpdate
 * @param validUntil the CRL's nextUpdate (or {@link Instant#MAX} without one)
 */
public record VerifiedCrl(
    X509CRL crl, X509Certificate issuer, Instant validFrom, Instant validUntil) {}

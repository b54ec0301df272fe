package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.common.Bytes;
import io.dooor.common.Lru;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Certificate and CRL signature checks by an issuing certificate, optionally remembering the
 * (issuer key, algorithm, signed bytes, signature) tuples that verified. Signature verification is
 * a pure function of that triple, so a remembered success is exactly as strong as verifying again;
 * a failure is never remembered. One chain verifier's calls share the memo, so a certificate or CRL
 * that several chains of one verification contain (Intel's root CRL, the TCB signing certificate,
 * the PCK CA) is verified once.
 */
final class SignatureChecks {
  /** By signature value: what that signature was verified over (hashing only the short part). */
  private final Map<Bytes, Signed> verified;

  /** Decoded, on-curve-checked issuer keys by their encoding (decoding is a pure function). */
  private final Map<Bytes, EcdsaVerifier> keys;

  private record Signed(Bytes key, String alg, Bytes params, Bytes signed) {}

  private SignatureChecks(Map<Bytes, Signed> verified) {
    this.verified = verified;
    this.keys = verified == null ? null : Lru.synchronizedMap(64);
  }

  /** Checks that verify every signature every time. */
  static SignatureChecks uncached() {
    return new SignatureChecks(null);
  }

  /** Checks that remember up to {@code max} successful verifications. */
  static SignatureChecks remembering(int max) {
    return new SignatureChecks(Lru.synchronizedMap(max));
  }

  private EcdsaVerifier ecKey(java.security.PublicKey key) throws PkiException {
    Bytes encoded = Bytes.of(key.getEncoded());
    EcdsaVerifier v = keys.get(encoded);
    if (v == null) {
      v = EcdsaVerifier.of(key);
      keys.put(encoded, v);
    }
    return v;
  }

  /** The signature of {@code c} by {@code issuer}'s key. */
  void certificate(X509Certificate c, X509Certificate issuer, int link) throws PkiException {
    try {
      verify(
          c.getSigAlgOID(),
          c.getSigAlgParams(),
          issuer,
          c.getTBSCertificate(),
          c.getSignature(),
          link);
    } catch (CertificateEncodingException e) {
      throw new PkiException(Reason.MALFORMED, link, "certificate signature: cannot encode TBS");
    } catch (PkiException e) {
      throw new PkiException(
          e.reason(), link, "certificate signature of link " + link + ": " + e.getMessage());
    }
  }

  /**
   * {@code crl} issued by {@code issuer} and current at {@code at}: name, key identifier, cRLSign,
   * signature, thisUpdate <= at <= nextUpdate. Every failure is CRL_INVALID.
   */
  VerifiedCrl crl(X509CRL crl, X509Certificate issuer, int link, Instant at) throws PkiException {
    if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw invalid(
          link,
          "CRL issuer '"
              + crl.getIssuerX500Principal()
              + "' is not '"
              + issuer.getSubjectX500Principal()
              + "'");
    }
    Optional<String> keyId = KeyIdentifiers.mismatch(crl, issuer);
    if (keyId.isPresent()) {
      throw invalid(link, "CRL " + keyId.get());
    }
    boolean[] ku = issuer.getKeyUsage();
    if (ku != null && (ku.length < 7 || !ku[6])) {
      throw invalid(link, "CRL issuer lacks cRLSign");
    }
    try {
      verify(
          crl.getSigAlgOID(),
          crl.getSigAlgParams(),
          issuer,
          crl.getTBSCertList(),
          crl.getSignature(),
          link);
    } catch (CRLException | PkiException e) {
      throw invalid(link, "CRL signature: " + e.getMessage());
    }
    Instant thisUpdate = crl.getThisUpdate().toInstant();
    Instant next = crl.getNextUpdate() == null ? Instant.MAX : crl.getNextUpdate().toInstant();
    if (at.isBefore(thisUpdate) || at.isAfter(next)) {
      throw invalid(link, "CRL valid " + thisUpdate + " .. " + next + ", not at " + at);
    }
    return new VerifiedCrl(crl, issuer, thisUpdate, next);
  }

  private void verify(
      String alg, byte[] params, X509Certificate issuer, byte[] signed, byte[] sig, int link)
      throws PkiException {
    if (verified == null) {
      SignedObjects.verify(alg, params, issuer.getPublicKey(), signed, sig, link);
      return;
    }
    Bytes signature = Bytes.of(sig);
    Signed what =
        new Signed(
            Bytes.of(issuer.getPublicKey().getEncoded()),
            alg,
            Bytes.of(params == null ? new byte[0] : params),
            Bytes.of(signed));
    if (what.equals(verified.get(signature))) {
      return;
    }
    SignedObjects.verify(alg, params, issuer.getPublicKey(), signed, sig, link, this::ecKey);
    verified.put(signature, what);
  }

  private static PkiException invalid(int link, String what) {
    return new PkiException(Reason.CRL_INVALID, link, what);
  }
}

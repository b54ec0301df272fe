package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.common.Bytes;
import io.dooor.common.Lru;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * X.509 path validation (RFC 5280 §6.1, the subset vendor TEE PKIs use) to a pinned {@link
 * TrustAnchor} at an explicit instant. Checked for every link, from the anchor down: validity
 * window (inclusive), issuer/subject name linkage and, where both certificates carry them,
 * authority key identifier = the issuer's subject key identifier, the issuer is a CA
 * (basicConstraints cA, keyUsage keyCertSign when present) within its pathLenConstraint, the
 * signature (through {@link EcdsaVerifier} / {@link RsaPssVerifier}), no unprocessed critical
 * extension, and revocation: every given CRL naming a certificate's issuer must be strictly that
 * issuer's ({@link #verifyCrl}: name, key identifier, cRLSign, signature, thisUpdate <= at <=
 * nextUpdate), and a given CRL that covers no certificate of the chain is refused rather than
 * ignored. The anchor's self-signature was verified when the {@link TrustAnchor} was created. A
 * failure throws {@link PkiException} whose {@link PkiException#link()} is the failing
 * certificate's index (leaf = 0). Policy constraints and name constraints are not processed (a
 * critical one is refused).
 *
 * <p>A verifier made by {@link #cached(int)} remembers verified chains by their {@link
 * VerifiedChain#digest()} and reuses them while {@code at} is inside the remembered window, and
 * remembers successful signature verifications (a pure function of key, algorithm, signed bytes and
 * signature; see {@link SignatureChecks}), so that a certificate or CRL shared by several chains is
 * verified once. Thread-safe.
 */
public final class CertificateChainVerifier {
  /** Longest accepted chain, anchor included. */
  public static final int MAX_CHAIN = 8;

  private static final Set<String> PROCESSED_CRITICAL =
      Set.of("2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.17", "2.5.29.32");

  private final Map<Bytes, VerifiedChain> cache;
  private final boolean caching;
  private final SignatureChecks signatures;

  private CertificateChainVerifier(
      Map<Bytes, VerifiedChain> cache, boolean caching, SignatureChecks signatures) {
    this.cache = cache;
    this.caching = caching;
    this.signatures = signatures;
  }

  /** A verifier that checks everything on every call. */
  public static CertificateChainVerifier create() {
    return new CertificateChainVerifier(Map.of(), false, SignatureChecks.uncached());
  }

  /** A verifier that keeps up to {@code maxEntries} verified chains (least recently used out). */
  public static CertificateChainVerifier cached(int maxEntries) {
    return new CertificateChainVerifier(
        Lru.synchronizedMap(maxEntries), true, SignatureChecks.remembering(4 * maxEntries));
  }

  /**
   * Verifies {@code chain} (leaf first; it may or may not end with the anchor's certificate) to
   * {@code anchor} as of {@code at}, checking revocation against {@code crls}.
   */
  public VerifiedChain verify(
      List<X509Certificate> chain, TrustAnchor anchor, Instant at, List<X509CRL> crls)
      throws PkiException {
    List<X509Certificate> full = withAnchor(chain, anchor);
    Bytes digest = digest(full, crls, anchor);
    VerifiedChain hit = caching ? cache.get(digest) : null;
    if (hit != null && hit.validAt(at)) {
      return hit;
    }
    Instant[] window = {Instant.MIN, Instant.MAX};
    int n = full.size();
    checkAnchor(full.get(n - 1), n - 1, at, window);
    boolean[] used = new boolean[crls.size()];
    for (int i = n - 2; i >= 0; i--) {
      checkLink(full.get(i), full.get(i + 1), i, i, at, window);
      checkRevocation(full.get(i), full.get(i + 1), i, crls, used, at, window);
    }
    requireAllUsed(crls, used);
    VerifiedChain v = new VerifiedChain(full, anchor, crls, window[0], window[1], digest);
    if (caching) {
      cache.put(digest, v);
    }
    return v;
  }

  /**
   * Verifies that {@code crl} was issued by {@code issuer} (the certificate that issues the
   * certificates it covers) and is current at {@code at}: issuer name, authority key identifier
   * where present, cRLSign, signature, thisUpdate/nextUpdate.
   *
   * @throws PkiException CRL_INVALID naming what did not match
   */
  public VerifiedCrl verifyCrl(X509CRL crl, X509Certificate issuer, Instant at)
      throws PkiException {
    return signatures.crl(crl, issuer, -1, at);
  }

  private static List<X509Certificate> withAnchor(List<X509Certificate> chain, TrustAnchor anchor)
      throws PkiException {
    List<X509Certificate> full = new ArrayList<>(chain);
    if (!full.isEmpty() && full.get(full.size() - 1).equals(anchor.certificate())) {
      full.remove(full.size() - 1);
    }
    full.add(anchor.certificate());
    if (full.size() < 2 || full.size() > MAX_CHAIN) {
      throw new PkiException(
          Reason.CHAIN_LENGTH, "chain of " + full.size() + " certificates with the anchor");
    }
    return full;
  }

  /** The anchor's validity and CA bits; its self-signature was verified when it was created. */
  private static void checkAnchor(X509Certificate a, int link, Instant at, Instant[] window)
      throws PkiException {
    checkValidity(a, link, at, window);
    checkIssuerIsCa(a, link, 0);
  }

  private void checkLink(
      X509Certificate c, X509Certificate issuer, int link, int casBelow, Instant at, Instant[] w)
      throws PkiException {
    if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new PkiException(
          Reason.ISSUER_MISMATCH,
          link,
          "issuer '" + c.getIssuerX500Principal() + "' is not the next certificate's subject");
    }
    Optional<String> keyId = KeyIdentifiers.mismatch(c, issuer);
    if (keyId.isPresent()) {
      throw new PkiException(Reason.ISSUER_MISMATCH, link, keyId.get());
    }
    checkIssuerIsCa(issuer, link, casBelow);
    signatures.certificate(c, issuer, link);
    checkValidity(c, link, at, w);
    checkCritical(c, link);
  }

  private static void checkIssuerIsCa(X509Certificate issuer, int link, int casBelow)
      throws PkiException {
    int pathLen = issuer.getBasicConstraints();
    boolean[] ku = issuer.getKeyUsage();
    if (pathLen < 0 || (ku != null && (ku.length < 6 || !ku[5]))) {
      throw new PkiException(
          Reason.NOT_A_CA, link, "issuer '" + issuer.getSubjectX500Principal() + "' is not a CA");
    }
    if (casBelow > pathLen) {
      throw new PkiException(
          Reason.PATH_LENGTH_EXCEEDED, link, "pathLenConstraint " + pathLen + " exceeded");
    }
  }

  private static void checkValidity(X509Certificate c, int link, Instant at, Instant[] window)
      throws PkiException {
    Instant nb = c.getNotBefore().toInstant();
    Instant na = c.getNotAfter().toInstant();
    if (at.isBefore(nb)) {
      throw new PkiException(Reason.NOT_YET_VALID, link, "certificate valid from " + nb);
    }
    if (at.isAfter(na)) {
      throw new PkiException(Reason.EXPIRED, link, "certificate expired at " + na);
    }
    narrow(window, nb, na);
  }

  private static void checkCritical(X509Certificate c, int link) throws PkiException {
    Set<String> crit = c.getCriticalExtensionOIDs();
    if (crit == null) {
      return;
    }
    for (String oid : crit) {
      if (!PROCESSED_CRITICAL.contains(oid)) {
        throw new PkiException(
            Reason.UNSUPPORTED_CRITICAL_EXTENSION, link, "critical extension " + oid);
      }
    }
  }

  /** Every CRL naming {@code c}'s issuer must be that issuer's, current, and not list {@code c}. */
  private void checkRevocation(
      X509Certificate c,
      X509Certificate issuer,
      int link,
      List<X509CRL> crls,
      boolean[] used,
      Instant at,
      Instant[] window)
      throws PkiException {
    for (int k = 0; k < crls.size(); k++) {
      X509CRL crl = crls.get(k);
      if (!crl.getIssuerX500Principal().equals(c.getIssuerX500Principal())) {
        continue;
      }
      VerifiedCrl v = signatures.crl(crl, issuer, link, at);
      used[k] = true;
      narrow(window, v.validFrom(), v.validUntil());
      X509CRLEntry e = crl.getRevokedCertificate(c.getSerialNumber());
      if (e != null && !e.getRevocationDate().toInstant().isAfter(at)) {
        throw new PkiException(
            Reason.REVOKED,
            link,
            "serial "
                + c.getSerialNumber().toString(16)
                + " revoked at "
                + e.getRevocationDate().toInstant());
      }
    }
  }

  /** A CRL that covers no certificate of the chain was given for the wrong issuer: refused. */
  private static void requireAllUsed(List<X509CRL> crls, boolean[] used) throws PkiException {
    for (int k = 0; k < used.length; k++) {
      if (!used[k]) {
        throw new PkiException(
            Reason.CRL_INVALID,
            "CRL issued by '"
                + crls.get(k).getIssuerX500Principal()
                + "' covers no certificate of the chain");
      }
    }
  }

  private static void narrow(Instant[] window, Instant from, Instant until) {
    window[0] = from.isAfter(window[0]) ? from : window[0];
    window[1] = until.isBefore(window[1]) ? until : window[1];
  }

  private static Bytes digest(List<X509Certificate> full, List<X509CRL> crls, TrustAnchor a)
      throws PkiException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(a.fingerprint().toArray());
      for (X509Certificate c : full) {
        md.update(Certificates.sha256(c.getEncoded()));
      }
      for (X509CRL crl : crls) {
        md.update(Certificates.sha256(crl.getEncoded()));
      }
      return Bytes.of(md.digest());
    } catch (NoSuchAlgorithmException | CertificateEncodingException | CRLException e) {
      throw new PkiException(Reason.MALFORMED, "cannot encode chain: " + e.getMessage());
    }
  }
}

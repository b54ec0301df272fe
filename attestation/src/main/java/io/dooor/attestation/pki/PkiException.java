package io.dooor.attestation.pki;

import java.util.Locale;

/**
 * A certificate, CRL, trust anchor or signature was refused. {@link #reason()} says what kind of
 * failure; {@link #link()} says which certificate of a chain failed (0 = leaf, -1 = not about a
 * chain link).
 */
public final class PkiException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** Bytes are not a well-formed certificate, CRL, key or signature encoding. */
    MALFORMED,
    /** Algorithm, curve, hash or parameters other than those this layer accepts. */
    UNSUPPORTED_ALGORITHM,
    /** A signature did not verify. */
    SIGNATURE_INVALID,
    /** A certificate's issuer name is not the next certificate's subject. */
    ISSUER_MISMATCH,
    /** The chain does not end at the pinned anchor. */
    ANCHOR_MISMATCH,
    /** A trust folder certificate looks like a vendor root but its fingerprint differs. */
    FINGERPRINT_MISMATCH,
    /** A required vendor root is not configured. */
    ANCHOR_MISSING,
    /** The verification instant is before a certificate's notBefore. */
    NOT_YET_VALID,
    /** The verification instant is after a certificate's notAfter. */
    EXPIRED,
    /** An issuing certificate is not a CA or may not sign certificates. */
    NOT_A_CA,
    /** An issuing certificate's path length constraint is exceeded. */
    PATH_LENGTH_EXCEEDED,
    /** A certificate has a critical extension this layer does not process. */
    UNSUPPORTED_CRITICAL_EXTENSION,
    /** A certificate is listed in its issuer's CRL. */
    REVOKED,
    /** A CRL is not signed by the issuer, or is not valid at the verification instant. */
    CRL_INVALID,
    /** The chain is empty or longer than allowed. */
    CHAIN_LENGTH
  }

  private final Reason reason;
  private final int link;

  public PkiException(Reason reason, int link, String message) {
    super(message);
    this.reason = reason;
    this.link = link;
  }

  public PkiException(Reason reason, String message) {
    this(reason, -1, message);
  }

  public Reason reason() {
    return reason;
  }

  /** Index of the failing certificate in the leaf-first chain, or -1. */
  public int link() {
    return link;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "PkiException[%s, link %d]: %s", reason, link, getMessage());
  }
}

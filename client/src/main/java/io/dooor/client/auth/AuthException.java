package io.dooor.client.auth;

import java.util.Optional;

/**
 * A request whose signature does not authenticate its caller (RFC 9421 §3.2), or a public key that
 * is not acceptable. The reason is stable and maps to an HTTP status and error code at the edge
 * (the server's one error table); the message names what was checked and never contains key
 * material.
 */
public final class AuthException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why authentication failed. */
  public enum Reason {
    /** No Signature-Input or Signature field, or none with the expected label. */
    MISSING_SIGNATURE,
    /** Signature-Input is not an RFC 8941 dictionary of inner lists with the parameters we need. */
    MALFORMED_SIGNATURE_INPUT,
    /** The Signature field is malformed, or the signature has the wrong length. */
    MALFORMED_SIGNATURE,
    /** A component we require (@method, @path, @query, content-digest) is not covered. */
    MISSING_COMPONENT,
    /** The request itself cannot be put in a signature base (e.g. control characters). */
    MALFORMED_REQUEST,
    /** No Dooor-Public-Key header. */
    MISSING_PUBLIC_KEY,
    /** The public key is not valid base64 / DER, or not a valid point. */
    MALFORMED_PUBLIC_KEY,
    /** The public key is of a type or curve we do not accept. */
    UNSUPPORTED_KEY,
    /** keyid is not the principal of the presented public key. */
    KEY_PRINCIPAL_MISMATCH,
    /** The alg parameter does not match the presented public key. */
    ALGORITHM_MISMATCH,
    /** No Content-Digest header. */
    MISSING_DIGEST,
    /** Content-Digest is malformed or carries no algorithm we support. */
    MALFORMED_DIGEST,
    /** Content-Digest does not match the body (RFC 9530 §2). */
    DIGEST_MISMATCH,
    /** The signature does not verify under the presented public key. */
    SIGNATURE_INVALID,
    /** created is older than the acceptance window. */
    STALE,
    /** created is later than now plus the allowed clock skew. */
    FROM_FUTURE,
    /** The expires parameter has passed. */
    EXPIRED,
    /** The nonce was already used by this key within the window. */
    REPLAYED,
    /** Authenticated, but not a principal this service answers (a key-share holder's). */
    PRINCIPAL_NOT_ALLOWED
  }

  private final Reason reason;
  private final String keyId;

  public AuthException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * @param keyId the keyid the request claimed, if it was parsed (for logging refused requests)
   */
  public AuthException(Reason reason, String message, String keyId) {
    super(message);
    this.reason = reason;
    this.keyId = keyId;
  }

  public Reason reason() {
    return reason;
  }

  /** The keyid (principal text) the refused request claimed, when it got that far. */
  public Optional<String> claimedKeyId() {
    return Optional.ofNullable(keyId);
  }
}

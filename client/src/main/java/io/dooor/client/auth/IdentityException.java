package io.dooor.client.auth;

/** A private key file or text that cannot be loaded as a caller identity. */
public final class IdentityException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the identity could not be loaded. */
  public enum Reason {
    /** No PEM block, bad base64, or a label other than PRIVATE KEY / EC PRIVATE KEY. */
    MALFORMED_PEM,
    /** The DER is not a valid PKCS#8 / SEC 1 private key. */
    MALFORMED_PRIVATE_KEY,
    /** A key of another algorithm or curve, or an encrypted key. */
    UNSUPPORTED_KEY,
    /** The public key stored beside the private key does not belong to it. */
    PUBLIC_KEY_MISMATCH
  }

  private final Reason reason;

  public IdentityException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

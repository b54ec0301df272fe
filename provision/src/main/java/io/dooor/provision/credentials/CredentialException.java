package io.dooor.provision.credentials;

/** A credential that cannot be sealed or opened, with the reason. */
public final class CredentialException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** The ciphertext does not authenticate under its key and id: altered, or moved. */
    TAMPERED,
    /** The key service could not derive the credential key now. */
    KEY_UNAVAILABLE,
    /** No usable version is stored. */
    NOT_FOUND
  }

  private final Reason reason;

  public CredentialException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

package io.dooor.core.port;

/** The key service refused or could not serve a request; the message says why. */
public final class KeyServiceException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    INVALID_INPUT,
    NOT_ENOUGH_SHARES,
    UNAVAILABLE
  }

  private final Reason reason;

  public KeyServiceException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

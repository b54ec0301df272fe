package io.dooor.provision;

/** A provider call failed; the reason says whether repeating it later may succeed. */
public final class ProviderException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a provider call failed. */
  public enum Reason {
    /** The provider could not be reached or answered a server error: try again later. */
    UNAVAILABLE,
    /** The provider refused the request (quota, permission, bad shape): repeating will not help. */
    REFUSED
  }

  private final Reason reason;
  private final String requestId;

  public ProviderException(Reason reason, String message, String requestId) {
    super(message);
    this.reason = reason;
    this.requestId = requestId;
  }

  public Reason reason() {
    return reason;
  }

  /** The provider's request id, or empty when it gave none. */
  public String requestId() {
    return requestId;
  }
}

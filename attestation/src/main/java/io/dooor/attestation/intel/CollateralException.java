package io.dooor.attestation.intel;

/** Intel collateral could not be obtained or decoded. */
public final class CollateralException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The bytes are not the collateral format they claim to be. */
    MALFORMED,
    /** No collateral is known for the platform (FMSPC, CA, TEE kind). */
    NOT_FOUND,
    /** The source could not be reached and nothing usable is cached. */
    UNAVAILABLE,
    /** Collateral exists but is outside the freshness policy at the instant asked. */
    STALE
  }

  private final Reason reason;

  public CollateralException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

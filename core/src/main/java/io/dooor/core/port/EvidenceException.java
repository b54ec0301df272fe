package io.dooor.core.port;

import java.util.List;

/** Evidence failed verification. Names every check that failed. */
public final class EvidenceException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Broad classes of evidence failure; {@link #failedChecks()} has the specifics. */
  public enum Reason {
    MALFORMED,
    UNSUPPORTED_FORMAT,
    SIGNATURE_INVALID,
    CHAIN_INVALID,
    REVOKED,
    COLLATERAL_INVALID,
    COLLATERAL_EXPIRED,
    TCB_NOT_ACCEPTED,
    IDENTITY_MISMATCH,
    DEBUG_REFUSED
  }

  private final Reason reason;
  private final List<String> failedChecks;

  public EvidenceException(Reason reason, String message, List<String> failedChecks) {
    super(message);
    this.reason = reason;
    this.failedChecks = List.copyOf(failedChecks);
  }

  public EvidenceException(Reason reason, String message) {
    this(reason, message, List.of(message));
  }

  public Reason reason() {
    return reason;
  }

  /** Every check that failed, each naming what was checked (e.g. "quote_signature"). */
  public List<String> failedChecks() {
    return failedChecks;
  }
}

package io.dooor.attestation.dcap;

import java.util.List;

/** A DCAP quote could not be parsed or failed verification; names every failed check. */
public final class DcapException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Broad classes of failure; {@link #failedChecks()} names the specific checks. */
  public enum Reason {
    MALFORMED,
    UNSUPPORTED,
    SIGNATURE_INVALID,
    CHAIN_INVALID,
    REVOKED,
    COLLATERAL_INVALID,
    COLLATERAL_EXPIRED,
    COLLATERAL_UNAVAILABLE,
    IDENTITY_MISMATCH,
    TCB_NOT_SUPPORTED
  }

  private final Reason reason;
  private final List<String> failedChecks;

  public DcapException(Reason reason, String message, List<String> failedChecks) {
    super(message);
    this.reason = reason;
    this.failedChecks = List.copyOf(failedChecks);
  }

  public DcapException(Reason reason, String check, String message) {
    this(reason, check + ": " + message, List.of(check));
  }

  public Reason reason() {
    return reason;
  }

  /** The names of the checks that failed (e.g. "quote_signature", "pck_chain"). */
  public List<String> failedChecks() {
    return failedChecks;
  }
}

package io.dooor.core;

import java.util.List;

/**
 * A control-plane operation was refused. The reason maps to one HTTP status and stable error code;
 * the message names what was wrong; {@link #failedChecks()} lists every failed check when several
 * were evaluated (attestation, policy). A refused operation changed no state except its own record.
 */
public final class ControlPlaneException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an operation was refused. */
  public enum Reason {
    /** A field is missing, malformed or out of range. */
    INVALID_ARGUMENT,
    /** The caller lacks the role the operation needs. */
    FORBIDDEN,
    /** No such node, policy or object. */
    NOT_FOUND,
    /** The object exists already or its state forbids the transition. */
    CONFLICT,
    /** No outstanding challenge for the node (never issued, used, or replaced). */
    CHALLENGE_MISSING,
    /** The challenge expired before the evidence arrived. */
    CHALLENGE_EXPIRED,
    /** Report data does not bind the challenge and the node key. */
    BINDING_MISMATCH,
    /** The evidence failed verification (signature, chain, collateral, TCB). */
    EVIDENCE_INVALID,
    /** The evidence verified but the workload policy refuses it. */
    POLICY_REFUSED,
    /** The key service could not serve the request. */
    KEY_SERVICE_UNAVAILABLE
  }

  private final Reason reason;
  private final List<String> failedChecks;

  public ControlPlaneException(Reason reason, String message, List<String> failedChecks) {
    super(message);
    this.reason = reason;
    this.failedChecks = List.copyOf(failedChecks);
  }

  public ControlPlaneException(Reason reason, String message) {
    this(reason, message, List.of());
  }

  public Reason reason() {
    return reason;
  }

  public List<String> failedChecks() {
    return failedChecks;
  }
}

package io.dooor.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A control-plane operation was refused. The reason maps to one HTTP status and stable error code;
 * the message names what was wrong; {@link #failedChecks()} lists every failed check when several
 * were evaluated (attestation, policy), and {@link #refusal()} what was refused, for the record. A
 * refused operation changed no state.
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

  /**
   * What a refused request asked, for its record: the operation ({@code node.verify}), what it was
   * about ({@code node:n1}) and facts known when it was refused (no secrets). The HTTP edge records
   * the refusal with these, once, in its own transaction (the refused one rolled back).
   */
  public record Refusal(String action, String subject, Map<String, String> details) {
    public Refusal {
      details = Map.copyOf(details);
    }
  }

  private final Reason reason;
  private final List<String> failedChecks;
  private transient Refusal refusal;

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

  /** What was refused, once the operation that refused it has named it. */
  public Optional<Refusal> refusal() {
    return Optional.ofNullable(refusal);
  }

  /** Names what was refused; the first (innermost) naming wins. Returns this, for throwing. */
  ControlPlaneException refusing(Refusal what) {
    if (refusal == null) {
      refusal = what;
    }
    return this;
  }
}

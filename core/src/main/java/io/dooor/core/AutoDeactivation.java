package io.dooor.core;

import java.time.Duration;

/**
 * The automatic decisions of a workload's policy: when the control plane deactivates a node by
 * itself (DESIGN §3, "automatic decisions, configured per workload"). Each deactivation it makes is
 * recorded as a {@code node.deactivate} event naming the {@link Rule}. Deactivation is terminal
 * (the agent wipes its sealed state), so the time- and count-based rules are off unless a
 * controller turns them on; a revoked TCB is deactivated by default.
 *
 * @param unreachableGrace how long a node may stay without heartbeats after its heartbeat timeout
 *     ran out (UNREACHABLE, or DRAINING and silent) before it is deactivated; zero: never
 * @param maxFailedAttestations how many consecutive failed verify_attestation of a node (reset by a
 *     success) deactivate it; zero: never
 * @param onTcbRevoked whether a node whose evidence, verified again, has TCB status Revoked is
 *     deactivated (else it only goes STALE)
 */
public record AutoDeactivation(
    Duration unreachableGrace, int maxFailedAttestations, boolean onTcbRevoked) {

  /** The TCB status a vendor gives a platform whose keys or firmware are revoked. */
  public static final String REVOKED = "Revoked";

  /** The rules, as named in the audit record ({@code rule} of a {@code node.deactivate} event). */
  public enum Rule {
    /** UNREACHABLE past {@link #unreachableGrace}. */
    UNREACHABLE_GRACE,
    /** {@link #maxFailedAttestations} consecutive failed attestations. */
    MAX_FAILED_ATTESTATIONS,
    /** The TCB status became Revoked ({@link #onTcbRevoked}). */
    TCB_REVOKED,
    /**
     * A DRAINING node judged again no longer passes (it cannot go STALE: draining is left only by
     * deactivation).
     */
    DRAINING_REJUDGED;

    /** The wire name, e.g. {@code unreachable_grace}. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public AutoDeactivation {
    if (unreachableGrace.isNegative()) {
      throw new IllegalArgumentException("unreachable_grace must not be negative");
    }
    if (maxFailedAttestations < 0) {
      throw new IllegalArgumentException("max_failed_attestations must not be negative");
    }
  }

  /** Safe defaults: never by time or count (deactivation is terminal), always for Revoked. */
  public static AutoDeactivation defaults() {
    return new AutoDeactivation(Duration.ZERO, 0, true);
  }

  /** Whether {@link Rule#UNREACHABLE_GRACE} is on. */
  public boolean deactivatesUnreachable() {
    return !unreachableGrace.isZero();
  }

  /**
   * Whether {@code failures} consecutive failed attestations reach {@link #maxFailedAttestations}.
   */
  public boolean tooManyFailures(int failures) {
    return maxFailedAttestations > 0 && failures >= maxFailedAttestations;
  }
}

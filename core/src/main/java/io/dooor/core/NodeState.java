package io.dooor.core;

/** Node lifecycle states (DESIGN §3); the moves between them are {@link Transition}. */
public enum NodeState {
  PENDING,
  ACTIVE,
  STALE,
  UNREACHABLE,
  /**
   * Planned removal: the node still heartbeats and may finish its work (derive its keys while its
   * attestation is valid) but is given no new duties (no new shards). Left only by deactivation.
   */
  DRAINING,
  DEACTIVATED;

  /** Only ACTIVE nodes may hold new shards, decrypt or be trusted for new work (DESIGN §3). */
  public boolean isTrusted() {
    return this == ACTIVE;
  }

  /**
   * Whether a node in this state may derive its keys: ACTIVE, and DRAINING (finishing its work);
   * either only while its attestation is valid ({@link Node#attestationExpiry()}).
   */
  public boolean mayDerive() {
    return this == ACTIVE || this == DRAINING;
  }

  /** Whether its attested claims are judged again when the policy or collateral changes. */
  public boolean isJudged() {
    return this == ACTIVE || this == DRAINING;
  }

  /** Whether the node can never change again (no challenges, no attestation, no heartbeats). */
  public boolean isTerminal() {
    return this == DEACTIVATED;
  }
}

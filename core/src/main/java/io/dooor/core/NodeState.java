package io.dooor.core;

/** Node lifecycle states (DESIGN §3); the moves between them are {@link Transition}. */
public enum NodeState {
  PENDING,
  ACTIVE,
  STALE,
  UNREACHABLE,
  DEACTIVATED;

  /** Only ACTIVE nodes may derive keys, hold shards or decrypt (DESIGN §3). */
  public boolean isTrusted() {
    return this == ACTIVE;
  }

  /** Whether the node can never change again (no challenges, no attestation, no heartbeats). */
  public boolean isTerminal() {
    return this == DEACTIVATED;
  }
}

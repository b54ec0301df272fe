package io.dooor.core;

/** Node lifecycle states (DESIGN §3). DEACTIVATED is terminal. */
public enum NodeState {
  PENDING,
  ACTIVE,
  STALE,
  UNREACHABLE,
  DEACTIVATED;

  /** Only ACTIVE nodes may derive keys, hold shards or decrypt. */
  public boolean isTrusted() {
    return this == ACTIVE;
  }
}

package io.dooor.core.provision;

/**
 * Where a provisioned machine is in its life (issue 14). The node it becomes has its own state
 * ({@code NodeState}); a machine is only the provider's side.
 */
public enum MachineState {
  /**
   * Decided and recorded, create call not yet acknowledged (resumed with the same client token).
   */
  REQUESTED,
  /** The provider acknowledged the create call. */
  RUNNING,
  /** Chosen for removal: its node is being drained. */
  DRAINING,
  /** Terminated at the provider; kept for the record. */
  TERMINATED
}

package io.dooor.core.proposal;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.port.Store;
import java.time.Instant;
import java.util.Map;

/**
 * Applies one kind of change once its proposal has its approvals, inside the transaction that
 * records the last approval (so the change, the proposal's new state and the event naming every
 * approver commit together, or none of them).
 */
@FunctionalInterface
public interface ProposalApplier {
  /**
   * Decodes {@code change} (the canonical bytes it was proposed with) and writes it.
   *
   * @param proposer who proposed it (e.g. recorded as the author of a policy version)
   * @return facts for the record of the application (no secrets)
   * @throws ControlPlaneException if the change cannot apply now (e.g. it would revoke the last
   *     controller); nothing is written and the approval is refused
   */
  Map<String, String> apply(
      Store.Tx tx, Bytes change, io.dooor.core.Principal proposer, Instant now)
      throws ControlPlaneException;
}

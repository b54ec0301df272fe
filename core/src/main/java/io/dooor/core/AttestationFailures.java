package io.dooor.core;

import java.time.Clock;
import java.util.Map;

/**
 * Counts consecutive failed verify_attestation of a node for the automatic decision {@link
 * AutoDeactivation.Rule#MAX_FAILED_ATTESTATIONS}: only where the node's workload policy turns the
 * rule on (otherwise a refused attestation changes nothing), in its own transaction after the
 * refusal, recorded as {@code node.attestation_failed} with the count; reaching the policy's
 * maximum deactivates the node in the same transaction ({@code node.deactivate} naming the rule). A
 * successful attestation resets the count ({@link Node#withAttestation}).
 */
final class AttestationFailures {
  static final String ACTION = "node.attestation_failed";

  private final Recorder recorder;
  private final Clock clock;

  AttestationFailures(Recorder recorder, Clock clock) {
    this.recorder = recorder;
    this.clock = clock;
  }

  /** Counts {@code refused} against node {@code id}, if its policy counts failures. */
  void count(Caller caller, NodeId id, ControlPlaneException refused) {
    try {
      recorder.run(caller, ACTION, "node:" + id, tx -> countIn(tx, id, refused));
    } catch (ControlPlaneException e) {
      // counting is best effort beside the refusal the caller gets (e.g. the node went terminal)
    }
  }

  private Void countIn(AuditedTx tx, NodeId id, ControlPlaneException refused)
      throws ControlPlaneException {
    Node node = tx.existing(id);
    AutoDeactivation rules = tx.policyFor(node.workload(), clock.instant()).autoDeactivation();
    if (rules.maxFailedAttestations() == 0 || node.state().isTerminal()) {
      return null;
    }
    Node failed = node.failedAttestation();
    int n = failed.failedAttestations();
    tx.ok(
        Map.of(
            "failed_attestations", Integer.toString(n),
            "max_failed_attestations", Integer.toString(rules.maxFailedAttestations()),
            "refused", refused.reason().name()));
    if (!rules.tooManyFailures(n)) {
      tx.putNode(failed);
      return null;
    }
    String why = n + " consecutive failed attestations (max_failed_attestations)";
    Node dead = Transition.DEACTIVATE.apply(failed, why);
    tx.deleteChallenge(id);
    tx.putNode(dead);
    tx.recordAs(
        "node.deactivate",
        "node:" + id,
        why,
        Map.of(
            "from", node.state().name(),
            "to", dead.state().name(),
            "rule", AutoDeactivation.Rule.MAX_FAILED_ATTESTATIONS.wireName(),
            "reason", why));
    return null;
  }
}

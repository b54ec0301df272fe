package io.dooor.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The lifecycle operations after admission (DESIGN §3): heartbeats, deactivation and the sweep of
 * attestation and heartbeat timers. Every state change is a {@link Transition} and one event.
 */
final class NodeLifecycle {
  private final Recorder recorder;
  private final Clock clock;
  private final Duration heartbeatTimeout;

  NodeLifecycle(Recorder recorder, Clock clock, Duration heartbeatTimeout) {
    this.recorder = recorder;
    this.clock = clock;
    this.heartbeatTimeout = heartbeatTimeout;
  }

  Node deactivate(Caller caller, NodeId id, String reason) throws ControlPlaneException {
    return recorder.run(
        caller,
        "node.deactivate",
        "node:" + id,
        tx -> {
          tx.require(caller, Role.CONTROLLER);
          Node node = tx.existing(id);
          Node dead = Transition.DEACTIVATE.apply(node, reason);
          tx.deleteChallenge(id);
          tx.putNode(dead);
          tx.ok(Map.of("from", node.state().name(), "to", dead.state().name(), "reason", reason));
          return dead;
        });
  }

  Node heartbeat(Caller caller, NodeId id) throws ControlPlaneException {
    return recorder.run(
        caller,
        "node.heartbeat",
        "node:" + id,
        tx -> {
          Node node = tx.existing(id);
          tx.requireSelf(caller, node);
          return beat(tx, node, clock.instant());
        });
  }

  /**
   * UNREACHABLE nodes come back ACTIVE if their attestation is still valid, else STALE (one event);
   * ACTIVE and STALE nodes only record the time (not a transition: no event); others are refused.
   */
  private static Node beat(AuditedTx tx, Node node, Instant now) throws ControlPlaneException {
    Node beat = node.heartbeat(now);
    if (node.state() == NodeState.UNREACHABLE) {
      boolean fresh = node.attestationExpiry().map(now::isBefore).orElse(false);
      Node back = (fresh ? Transition.RECONNECT : Transition.RECONNECT_STALE).apply(beat, "");
      tx.putNode(back);
      tx.ok(Map.of("from", "UNREACHABLE", "to", back.state().name()));
      return back;
    }
    if (node.state() != NodeState.ACTIVE && node.state() != NodeState.STALE) {
      throw new ControlPlaneException(
          ControlPlaneException.Reason.CONFLICT,
          "node " + node.id() + " is " + node.state() + ": no heartbeats");
    }
    tx.putNode(beat);
    return beat;
  }

  List<Node> sweep() throws ControlPlaneException {
    Instant now = clock.instant();
    List<NodeId> due =
        recorder.read(
            Caller.system(),
            "node.sweep",
            "fleet",
            view -> Sweep.due(view.nodes(), now, heartbeatTimeout));
    if (due.isEmpty()) {
      return List.of();
    }
    return recorder.run(
        Caller.system(),
        "node.sweep",
        "fleet",
        tx -> new Sweep(tx, now, heartbeatTimeout).run(due));
  }
}

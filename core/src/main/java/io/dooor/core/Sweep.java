package io.dooor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One pass of lifecycle timers over the fleet (DESIGN §3): STALE and UNREACHABLE transitions. */
final class Sweep {
  private final AuditedTx tx;
  private final Instant now;
  private final Duration heartbeatTimeout;

  Sweep(AuditedTx tx, Instant now, Duration heartbeatTimeout) {
    this.tx = tx;
    this.now = now;
    this.heartbeatTimeout = heartbeatTimeout;
  }

  /**
   * The ACTIVE nodes whose timers have run out as of {@code now}: found on a read snapshot, outside
   * the write transaction, so that a large fleet does not hold the writer while it is scanned.
   */
  static List<NodeId> due(List<Node> fleet, Instant now, Duration heartbeatTimeout) {
    List<NodeId> due = new ArrayList<>();
    for (Node node : fleet) {
      if (node.state() == NodeState.ACTIVE
          && nextState(node, now, heartbeatTimeout) != NodeState.ACTIVE) {
        due.add(node.id());
      }
    }
    return due;
  }

  /** Moves each of {@code candidates} that is still ACTIVE and still due, re-read in the tx. */
  List<Node> run(List<NodeId> candidates) throws ControlPlaneException {
    List<Node> changed = new ArrayList<>();
    for (NodeId id : candidates) {
      Node node = tx.node(id).orElse(null);
      if (node == null || node.state() != NodeState.ACTIVE) {
        continue;
      }
      NodeState next = nextState(node, now, heartbeatTimeout);
      if (next != NodeState.ACTIVE) {
        Transition t = next == NodeState.STALE ? Transition.EXPIRE : Transition.MISS_HEARTBEATS;
        Node moved = t.apply(node, reason(next));
        tx.putNode(moved);
        tx.record("node:" + node.id(), Map.of("from", "ACTIVE", "to", next.name()));
        changed.add(moved);
      }
    }
    return changed;
  }

  private static NodeState nextState(Node node, Instant now, Duration heartbeatTimeout) {
    if (node.attestationExpiry().map(e -> !now.isBefore(e)).orElse(true)) {
      return NodeState.STALE;
    }
    Instant last = node.lastHeartbeatAt() == null ? node.attestedAt() : node.lastHeartbeatAt();
    if (last != null && last.plus(heartbeatTimeout).isBefore(now)) {
      return NodeState.UNREACHABLE;
    }
    return NodeState.ACTIVE;
  }

  private static String reason(NodeState next) {
    return next == NodeState.STALE ? "attestation expired" : "missed heartbeats";
  }
}

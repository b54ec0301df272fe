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

  List<Node> run() {
    List<Node> changed = new ArrayList<>();
    for (Node node : tx.nodes()) {
      if (node.state() != NodeState.ACTIVE) {
        continue;
      }
      NodeState next = nextState(node);
      if (next != NodeState.ACTIVE) {
        Node moved = node.withState(next, reason(next));
        tx.putNode(moved);
        tx.record("node:" + node.id(), Map.of("from", "ACTIVE", "to", next.name()));
        changed.add(moved);
      }
    }
    return changed;
  }

  private NodeState nextState(Node node) {
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

package io.dooor.core;

import io.dooor.core.port.EvidenceVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle operations after admission (DESIGN §3): heartbeats, draining, deactivation and the
 * sweep (timers, judging the fleet again, automatic deactivation). Every state change is a {@link
 * Transition} and one event.
 */
final class NodeLifecycle {
  private final Recorder recorder;
  private final Clock clock;
  private final Duration heartbeatTimeout;
  private final Rejudging rejudging;

  NodeLifecycle(
      Recorder recorder, EvidenceVerifier verifier, Clock clock, Duration heartbeatTimeout) {
    this.recorder = recorder;
    this.clock = clock;
    this.heartbeatTimeout = heartbeatTimeout;
    this.rejudging = new Rejudging(verifier);
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

  /**
   * drain_node: planned removal by an operator or controller. The node keeps heartbeating and may
   * derive its keys while its attestation is valid, but gets no new duties; it leaves DRAINING only
   * by deactivation.
   */
  Node drain(Caller caller, NodeId id, String reason) throws ControlPlaneException {
    return recorder.run(
        caller,
        "node.drain",
        "node:" + id,
        tx -> {
          tx.require(caller, Role.OPERATOR);
          Node node = tx.existing(id);
          Node draining = Transition.DRAIN.apply(node, reason);
          tx.putNode(draining);
          tx.ok(
              Map.of("from", node.state().name(), "to", draining.state().name(), "reason", reason));
          return draining;
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
   * ACTIVE, STALE and DRAINING nodes only record the time (not a transition: no event); others are
   * refused.
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
    NodeState s = node.state();
    if (s != NodeState.ACTIVE && s != NodeState.STALE && s != NodeState.DRAINING) {
      throw new ControlPlaneException(
          ControlPlaneException.Reason.CONFLICT,
          "node " + node.id() + " is " + node.state() + ": no heartbeats");
    }
    tx.putNode(beat);
    return beat;
  }

  /**
   * One pass: plans on a snapshot, verifies kept evidence again where the collateral changed
   * (outside any transaction), then moves the nodes in one write transaction.
   */
  List<Node> sweep() throws ControlPlaneException {
    return sweep(java.util.Optional.empty());
  }

  /**
   * As {@link #sweep()}, as the holder of {@code lease}: the write transaction first checks that
   * the lease is still held (fencing), and writes nothing if it is not.
   */
  List<Node> sweep(java.util.Optional<Lease> lease) throws ControlPlaneException {
    Instant now = clock.instant();
    Map<TeeType, String> collateral = rejudging.collateralNow();
    Plan plan =
        recorder.read(Caller.system(), "node.sweep", "fleet", view -> plan(view, collateral, now));
    if (plan.candidates().isEmpty()) {
      rejudging.done(collateral);
      return List.of();
    }
    List<Node> changed =
        recorder.run(
            Caller.system(),
            "node.sweep",
            "fleet",
            tx -> {
              if (lease.isPresent()) {
                tx.requireLease(lease.get(), clock.instant());
              }
              return new Sweep(tx, now, heartbeatTimeout, plan.verdicts()).run(plan.candidates());
            });
    rejudging.done(collateral);
    return changed;
  }

  /** The nodes a pass looks at, and the verdicts on evidence verified again. */
  private record Plan(List<NodeId> candidates, Map<NodeId, Rejudging.Verdict> verdicts) {}

  private Plan plan(View view, Map<TeeType, String> collateral, Instant now) {
    List<Node> fleet = view.nodes();
    Map<String, Policy> policies = new HashMap<>();
    Set<NodeId> due = new HashSet<>();
    List<NodeId> candidates = new ArrayList<>();
    for (Node node : fleet) {
      Policy p = policies.computeIfAbsent(node.workload(), w -> view.policyFor(w, now));
      if (Sweep.due(node, p, now, heartbeatTimeout) && due.add(node.id())) {
        candidates.add(node.id());
      }
    }
    List<Node> again = rejudging.toVerifyAgain(view, fleet, collateral);
    Map<NodeId, Rejudging.Verdict> verdicts = rejudging.verifyAgain(view, again, collateral, now);
    for (NodeId id : verdicts.keySet()) {
      if (due.add(id)) {
        candidates.add(id);
      }
    }
    return new Plan(candidates, verdicts);
  }
}

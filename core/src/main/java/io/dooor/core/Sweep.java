package io.dooor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over the fleet (DESIGN §3, issue 12), in one write transaction: judging again (a policy
 * change, or evidence verified again by {@link Rejudging}), the attestation and heartbeat timers
 * (STALE, UNREACHABLE), and the automatic deactivations of each workload's policy ({@link
 * AutoDeactivation}). Each node makes at most one transition per pass, each recorded as one event;
 * nodes that pass judging again are recorded together in one {@code node.rejudge} event.
 */
final class Sweep {
  static final String REJUDGE = "node.rejudge";
  static final String DEACTIVATE = "node.deactivate";

  private final AuditedTx tx;
  private final Instant now;
  private final Duration heartbeatTimeout;
  private final Map<NodeId, Rejudging.Verdict> verdicts;
  private int judged;
  private int passed;

  Sweep(
      AuditedTx tx,
      Instant now,
      Duration heartbeatTimeout,
      Map<NodeId, Rejudging.Verdict> verdicts) {
    this.tx = tx;
    this.now = now;
    this.heartbeatTimeout = heartbeatTimeout;
    this.verdicts = verdicts;
  }

  /**
   * Whether {@code node} has anything for a pass to do as of {@code now} (read on a snapshot,
   * outside the write transaction, so that a large fleet does not hold the writer while scanned).
   */
  static boolean due(Node node, Policy policy, Instant now, Duration heartbeatTimeout) {
    NodeState s = node.state();
    if (s.isJudged() && node.policyVersion() != policy.version()) {
      return true;
    }
    if (s == NodeState.ACTIVE && timerState(node, now, heartbeatTimeout) != NodeState.ACTIVE) {
      return true;
    }
    return silentPastGrace(node, policy.autoDeactivation(), now, heartbeatTimeout);
  }

  /** Moves each of {@code candidates} that is still due, re-read in the tx. */
  List<Node> run(List<NodeId> candidates) throws ControlPlaneException {
    List<Node> changed = new ArrayList<>();
    for (NodeId id : candidates) {
      Node node = tx.node(id).orElse(null);
      if (node == null || node.state().isTerminal()) {
        continue;
      }
      Node after = pass(node, tx.policyFor(node.workload(), now));
      if (after.state() != node.state()) {
        changed.add(after);
      }
    }
    if (judged > 0) {
      tx.recordAs(
          REJUDGE,
          "fleet",
          "",
          Map.of(
              "judged", Integer.toString(judged),
              "passed", Integer.toString(passed),
              "failed", Integer.toString(judged - passed)));
    }
    return changed;
  }

  private Node pass(Node before, Policy policy) throws ControlPlaneException {
    Node node = judge(before, policy);
    if (node.state() != before.state()) {
      return node;
    }
    if (node.state() == NodeState.ACTIVE) {
      NodeState next = timerState(node, now, heartbeatTimeout);
      if (next != NodeState.ACTIVE) {
        Transition t = next == NodeState.STALE ? Transition.EXPIRE : Transition.MISS_HEARTBEATS;
        String why = next == NodeState.STALE ? "attestation expired" : "missed heartbeats";
        Node moved = t.apply(node, why);
        tx.putNode(moved);
        tx.record("node:" + node.id(), Map.of("from", "ACTIVE", "to", next.name()));
        return moved;
      }
    }
    if (silentPastGrace(node, policy.autoDeactivation(), now, heartbeatTimeout)) {
      String why =
          "no heartbeat since "
              + node.lastContact().orElseThrow()
              + ": past the heartbeat timeout and unreachable_grace "
              + policy.autoDeactivation().unreachableGrace();
      return deactivate(node, AutoDeactivation.Rule.UNREACHABLE_GRACE, why, Map.of());
    }
    return node;
  }

  /**
   * {@code node} judged again if its policy version changed or its evidence was verified again: in
   * another state if it failed, else (stored) judged under the current version; the node itself
   * when there is nothing to judge.
   */
  private Node judge(Node node, Policy policy) throws ControlPlaneException {
    if (!node.state().isJudged()) {
      return node;
    }
    Rejudging.Verdict verdict = verdicts.get(node.id());
    if (verdict != null && !java.util.Objects.equals(verdict.attestedAt(), node.attestedAt())) {
      verdict = null; // it attested again since: that verification is newer
    }
    if (verdict == null && node.policyVersion() == policy.version()) {
      return node;
    }
    judged++;
    NodeEvidence kept = tx.evidence(node.id()).orElse(null);
    Node current = node;
    List<String> failures = new ArrayList<>();
    if (verdict != null) {
      failures.addAll(verdict.refusals());
      if (verdict.verified() != null) {
        current = node.withTcbStatus(verdict.verified().tcbStatus());
        failures.addAll(PolicyEvaluator.failures(policy, verdict.verified()));
      }
      if (kept != null) {
        tx.putEvidence(kept.reverified(verdict.collateralVersion(), now));
      }
    } else if (kept != null) {
      failures.addAll(PolicyEvaluator.failures(policy, node, kept));
    } else {
      failures.add("claims: no verified evidence kept for this node; it must attest again");
    }
    if (failures.isEmpty()) {
      passed++;
      Node ok = current.judgedUnder(policy.version());
      tx.putNode(ok);
      return ok;
    }
    return fail(current, policy, verdict != null && verdict.revoked(), failures);
  }

  private Node fail(Node node, Policy policy, boolean revoked, List<String> failures)
      throws ControlPlaneException {
    String why =
        "judged again under policy "
            + policy.workload()
            + " v"
            + policy.version()
            + ", failed checks: "
            + failures;
    Map<String, String> facts = new HashMap<>();
    facts.put("failed_checks", String.join("; ", failures));
    facts.put("policy_version", Long.toString(policy.version()));
    if (revoked && policy.autoDeactivation().onTcbRevoked()) {
      return deactivate(node, AutoDeactivation.Rule.TCB_REVOKED, why, facts);
    }
    if (node.state() == NodeState.DRAINING) {
      return deactivate(node, AutoDeactivation.Rule.DRAINING_REJUDGED, why, facts);
    }
    Node stale = Transition.REJUDGE.apply(node, EventLimits.bound(why, EventLimits.MAX_REASON));
    tx.putNode(stale);
    facts.put("from", node.state().name());
    facts.put("to", stale.state().name());
    tx.recordAs(REJUDGE, "node:" + node.id(), why, facts);
    return stale;
  }

  private Node deactivate(
      Node node, AutoDeactivation.Rule rule, String why, Map<String, String> facts)
      throws ControlPlaneException {
    String reason = EventLimits.bound("automatic (" + rule.wireName() + "): " + why, 512);
    Node dead = Transition.DEACTIVATE.apply(node, reason);
    tx.deleteChallenge(node.id());
    tx.putNode(dead);
    Map<String, String> details = new HashMap<>(facts);
    details.put("from", node.state().name());
    details.put("to", dead.state().name());
    details.put("rule", rule.wireName());
    tx.recordAs(DEACTIVATE, "node:" + node.id(), reason, details);
    return dead;
  }

  /** STALE when the attestation lapsed, UNREACHABLE when heartbeats stopped, else ACTIVE. */
  private static NodeState timerState(Node node, Instant now, Duration heartbeatTimeout) {
    if (node.attestationExpiry().map(e -> !now.isBefore(e)).orElse(true)) {
      return NodeState.STALE;
    }
    Instant last = node.lastContact().orElse(null);
    if (last != null && last.plus(heartbeatTimeout).isBefore(now)) {
      return NodeState.UNREACHABLE;
    }
    return NodeState.ACTIVE;
  }

  /**
   * {@link AutoDeactivation.Rule#UNREACHABLE_GRACE}: an UNREACHABLE node (or a DRAINING one that
   * stopped heartbeating) silent for longer than the heartbeat timeout plus the grace.
   */
  private static boolean silentPastGrace(
      Node node, AutoDeactivation rules, Instant now, Duration heartbeatTimeout) {
    NodeState s = node.state();
    if (!rules.deactivatesUnreachable()
        || (s != NodeState.UNREACHABLE && s != NodeState.DRAINING)) {
      return false;
    }
    return node.lastContact()
        .map(last -> last.plus(heartbeatTimeout).plus(rules.unreachableGrace()).isBefore(now))
        .orElse(false);
  }
}

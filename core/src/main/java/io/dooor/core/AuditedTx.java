package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A store transaction bound to one request: its writes and the event that records them. */
final class AuditedTx extends View {
  private final Store.Tx tx;
  private final Caller caller;
  private final String action;
  private final String subject;
  private final Clock clock;

  AuditedTx(Store.Tx tx, Caller caller, String action, String subject, Clock clock) {
    super(tx);
    this.tx = tx;
    this.caller = caller;
    this.action = action;
    this.subject = subject;
    this.clock = clock;
  }

  Optional<Node> node(NodeId id) {
    return tx.node(id);
  }

  Optional<Policy> policy(String workload) {
    return tx.policy(workload);
  }

  boolean hasController() {
    return controllers() > 0;
  }

  /** How many principals hold the controller role, in this transaction. */
  long controllers() {
    return tx.principals().values().stream().filter(r -> r.contains(Role.CONTROLLER)).count();
  }

  /**
   * Writes the node; a node that becomes DEACTIVATED here advances the data epoch and marks its
   * shards MISSING in this same transaction ({@link DataEpochs}).
   */
  void putNode(Node node) {
    boolean dies =
        node.state() == NodeState.DEACTIVATED
            && tx.node(node.id()).map(n -> !n.state().isTerminal()).orElse(false);
    tx.putNode(node);
    if (dies) {
      DataEpochs.nodeDeactivated(this, node.id());
    }
  }

  /** The store transaction itself, for the data operations ({@link Blobs}, {@link DataEpochs}). */
  io.dooor.core.port.Store.Tx store() {
    return tx;
  }

  void putChallenge(Challenge c) {
    tx.putChallenge(c);
  }

  void deleteChallenge(NodeId id) {
    tx.deleteChallenge(id);
  }

  void putPolicy(Policy p) {
    tx.putPolicy(p);
  }

  void addRole(Principal who, Role role) {
    tx.addRole(who, role);
  }

  void removeRole(Principal who, Role role) {
    tx.removeRole(who, role);
  }

  /** The outstanding challenge, or CHALLENGE_MISSING / CHALLENGE_EXPIRED. */
  Challenge liveChallenge(NodeId id, Instant now) throws ControlPlaneException {
    Challenge c =
        tx.challenge(id)
            .orElseThrow(
                () ->
                    new ControlPlaneException(
                        Reason.CHALLENGE_MISSING,
                        "no outstanding challenge for node "
                            + id
                            + " (used, replaced or never issued)"));
    if (!now.isBefore(c.expiresAt())) {
      throw new ControlPlaneException(
          Reason.CHALLENGE_EXPIRED, "challenge for node " + id + " expired at " + c.expiresAt());
    }
    return c;
  }

  /** Records the request as done, with {@code details}. */
  Void ok(Map<String, String> details) {
    record(subject, details);
    return null;
  }

  /** Records a change to another subject within the same request (e.g. a sweep). */
  void record(String about, Map<String, String> details) {
    record(about, "", details);
  }

  /** As {@link #record(String, Map)}, with a short description (e.g. the failed checks). */
  void record(String about, String why, Map<String, String> details) {
    tx.appendAtCommit(
        new Event(
            -1,
            clock.instant(),
            caller.principal(),
            action,
            about,
            caller.requestDigest(),
            Event.Outcome.OK,
            EventLimits.bound(why, EventLimits.MAX_REASON),
            bounded(details)));
  }

  /**
   * Records another action of the same caller within this request (e.g. the change a proposal's
   * last approval applies, {@code proposal.apply}).
   */
  void recordAction(String otherAction, String about, Map<String, String> details) {
    tx.appendAtCommit(
        new Event(
            -1,
            clock.instant(),
            caller.principal(),
            otherAction,
            about,
            caller.requestDigest(),
            Event.Outcome.OK,
            "",
            bounded(details)));
  }

  /**
   * Records a decision the control plane made by itself within this request ({@code action}, e.g.
   * an automatic {@code node.deactivate}), with the system as its actor.
   */
  void recordAs(String otherAction, String about, String why, Map<String, String> details) {
    tx.appendAtCommit(
        new Event(
            -1,
            clock.instant(),
            Caller.system().principal(),
            otherAction,
            about,
            Bytes.empty(),
            Event.Outcome.OK,
            EventLimits.bound(why, EventLimits.MAX_REASON),
            bounded(details)));
  }

  /**
   * Takes or renews a lease (see {@link Leases}), recording a {@code lease.take} event when it
   * passes to a new holding (another holder or token).
   */
  Optional<Lease> acquireLease(String duty, String holder, Instant now, java.time.Duration ttl) {
    Optional<Lease> before = tx.leaseOf(duty);
    Optional<Lease> after = tx.acquireLease(duty, holder, now, ttl);
    if (after.isPresent() && before.map(b -> !b.sameHolding(after.get())).orElse(true)) {
      record("duty:" + duty, Leases.taken(after.get(), before));
    }
    return after;
  }

  /**
   * The fencing check of a background duty's write, in this transaction: CONFLICT ({@code
   * lease-lost}) unless {@code lease} is still held at {@code now}, so nothing is written.
   */
  void requireLease(Lease lease, Instant now) throws ControlPlaneException {
    if (!tx.holdsLease(lease, now)) {
      throw new ControlPlaneException(
          Reason.CONFLICT,
          "lease-lost: "
              + lease.holder()
              + " no longer holds duty "
              + lease.duty()
              + " with fencing token "
              + lease.token()
              + " (stale)");
    }
  }

  void putEvidence(NodeEvidence evidence) {
    tx.putEvidence(evidence);
  }

  /** {@code details} with every value within the audit limit (failed checks may be long). */
  private static Map<String, String> bounded(Map<String, String> details) {
    Map<String, String> out = new java.util.HashMap<>();
    details.forEach((k, v) -> out.put(k, EventLimits.bound(v, EventLimits.MAX_DETAIL_VALUE)));
    return out;
  }
}

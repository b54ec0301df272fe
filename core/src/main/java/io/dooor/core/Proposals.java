package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.proposal.ChangeText;
import io.dooor.core.proposal.Decision;
import io.dooor.core.proposal.Proposal;
import io.dooor.core.proposal.ProposalApplier;
import io.dooor.core.proposal.ProposalKind;
import io.dooor.core.proposal.ProposalRules;
import io.dooor.core.proposal.ProposalState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * m of n controller approvals (issue 16): a change of a kind whose threshold is above one is
 * recorded as a {@link Proposal} (the proposer's request is its first approval); each other
 * controller approves or rejects it with its own signed request naming the change's SHA-256; the
 * approval that reaches the threshold applies the change with the kind's {@link ProposalApplier} in
 * its own transaction, recorded with every approver. Approvals count only while their signer still
 * holds the controller role. A proposal not applied by its expiry is recorded as expired.
 */
final class Proposals {
  private final io.dooor.core.port.Store store;
  private final Recorder recorder;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<ProposalKind, ProposalApplier> appliers =
      java.util.Collections.synchronizedMap(new EnumMap<>(ProposalKind.class));
  private volatile ProposalRules rules = ProposalRules.single();

  Proposals(io.dooor.core.port.Store store, Recorder recorder, Clock clock) {
    this.store = store;
    this.recorder = recorder;
    this.clock = clock;
  }

  void configure(ProposalRules next) {
    rules = next;
  }

  ProposalRules rules() {
    return rules;
  }

  void register(ProposalKind kind, ProposalApplier applier) {
    appliers.put(kind, applier);
  }

  Proposal propose(Caller caller, ChangeText change) throws ControlPlaneException {
    ProposalApplier applier = applier(change.kind());
    Bytes bytes = change.encode();
    String id = Bytes.of(randomId()).hex();
    return recorder.run(
        caller,
        "proposal.create",
        "proposal:" + id,
        tx -> {
          tx.require(caller, Role.CONTROLLER);
          Instant now = clock.instant();
          Proposal p =
              new Proposal(
                  id,
                  change.kind(),
                  bytes,
                  Digests.sha256(bytes.toArray()),
                  caller.principal(),
                  now,
                  now.plus(rules.ttl()),
                  threshold(tx, change.kind()),
                  ProposalState.PENDING,
                  List.of(decision(caller, Decision.Vote.APPROVE, now)));
          return settle(tx, p, applier, now);
        });
  }

  Proposal decide(Caller caller, String id, Bytes digest, Decision.Vote vote)
      throws ControlPlaneException {
    expireDue();
    String action = "proposal." + vote.wireName();
    return recorder.run(
        caller,
        action,
        "proposal:" + id,
        tx -> {
          tx.require(caller, Role.CONTROLLER);
          Instant now = clock.instant();
          Proposal p = open(existing(tx, id), now);
          requireDigest(p, digest);
          requireFirstDecision(p, caller.principal());
          return settle(tx, p.with(decision(caller, vote, now)), applier(p.kind()), now);
        });
  }

  List<Proposal> list(Caller caller) throws ControlPlaneException {
    expireDue();
    return recorder.read(
        caller,
        "proposal.list",
        "proposals",
        view -> {
          view.require(caller, Role.AUDITOR);
          return store.inTransaction(tx -> tx.proposals());
        });
  }

  Proposal show(Caller caller, String id) throws ControlPlaneException {
    expireDue();
    return recorder.read(
        caller,
        "proposal.read",
        "proposal:" + id,
        view -> {
          view.require(caller, Role.AUDITOR);
          return store.<Proposal, ControlPlaneException>inTransaction(tx -> existing(tx, id));
        });
  }

  /** Records every pending proposal past its expiry as EXPIRED (the control plane acting). */
  List<Proposal> expireDue() throws ControlPlaneException {
    Instant now = clock.instant();
    boolean due =
        store.<Boolean, RuntimeException>inTransaction(
            tx -> tx.proposals().stream().anyMatch(p -> overdue(p, now)));
    if (!due) {
      return List.of();
    }
    return recorder.run(
        Caller.system(),
        "proposal.expire",
        "proposals",
        tx -> {
          List<Proposal> expired =
              tx.store().proposals().stream().filter(p -> overdue(p, now)).toList();
          for (Proposal p : expired) {
            tx.store().putProposal(p.in(ProposalState.EXPIRED));
            tx.record("proposal:" + p.id(), facts(p.in(ProposalState.EXPIRED), approvers(p)));
          }
          return expired;
        });
  }

  private static boolean overdue(Proposal p, Instant now) {
    return p.state() == ProposalState.PENDING && !now.isBefore(p.expiresAt());
  }

  /**
   * Stores {@code p} after a decision: APPLIED (change written, with its own event) once its
   * approvals by current controllers reach the threshold; REJECTED once they no longer can.
   */
  private Proposal settle(AuditedTx tx, Proposal p, ProposalApplier applier, Instant now)
      throws ControlPlaneException {
    Set<Principal> controllers = controllers(tx);
    List<Principal> counted = p.approvers().stream().filter(controllers::contains).toList();
    Proposal next = p;
    Map<String, String> applied = Map.of();
    if (counted.size() >= p.threshold()) {
      applied = applier.apply(tx.store(), p.change(), p.proposer(), now);
      next = p.in(ProposalState.APPLIED);
    } else if (counted.size() + undecided(p, controllers) < p.threshold()) {
      next = p.in(ProposalState.REJECTED);
    }
    tx.store().putProposal(next);
    Map<String, String> facts = facts(next, counted);
    tx.ok(facts);
    if (next.state() == ProposalState.APPLIED) {
      Map<String, String> change = new LinkedHashMap<>(applied);
      change.put("proposal", next.id());
      change.put("approvers", join(counted));
      tx.recordAction("proposal.apply", "proposal:" + next.id(), change);
    }
    return next;
  }

  /**
   * The approvals a new proposal of {@code kind} needs: the configured m, or every controller while
   * there are fewer than m (so that a deployment started with one controller can grant the others).
   */
  private int threshold(AuditedTx tx, ProposalKind kind) {
    return (int) Math.max(1, Math.min(rules.threshold(kind), controllers(tx).size()));
  }

  private static long undecided(Proposal p, Set<Principal> controllers) {
    return controllers.stream().filter(c -> p.decisionOf(c).isEmpty()).count();
  }

  private static Set<Principal> controllers(AuditedTx tx) {
    return tx.store().principals().entrySet().stream()
        .filter(e -> e.getValue().contains(Role.CONTROLLER))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private static List<Principal> approvers(Proposal p) {
    return p.approvers();
  }

  private static Map<String, String> facts(Proposal p, List<Principal> counted) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("kind", p.kind().wireName());
    out.put("digest", p.digest().hex());
    out.put("state", p.state().wireName());
    out.put("approvals", counted.size() + "/" + p.threshold());
    out.put("approvers", join(counted));
    if (!p.rejecters().isEmpty()) {
      out.put("rejecters", join(p.rejecters()));
    }
    out.put("expires_at", p.expiresAt().toString());
    return out;
  }

  private static String join(List<Principal> ps) {
    return ps.stream().map(Principal::toString).collect(Collectors.joining(","));
  }

  private static Decision decision(Caller caller, Decision.Vote vote, Instant now) {
    return new Decision(caller.principal(), vote, now, caller.requestDigest());
  }

  private static Proposal existing(io.dooor.core.port.Store.Tx tx, String id)
      throws ControlPlaneException {
    return tx.proposal(id)
        .orElseThrow(() -> new ControlPlaneException(Reason.NOT_FOUND, "no proposal " + id));
  }

  private static Proposal existing(AuditedTx tx, String id) throws ControlPlaneException {
    return existing(tx.store(), id);
  }

  /** The proposal if it still takes decisions; else CONFLICT naming its state. */
  private static Proposal open(Proposal p, Instant now) throws ControlPlaneException {
    if (p.state() == ProposalState.EXPIRED || overdue(p, now)) {
      throw refused(
          Reason.CONFLICT,
          "expired: proposal " + p.id() + " expired at " + p.expiresAt(),
          "proposal.expired");
    }
    if (p.state() != ProposalState.PENDING) {
      throw refused(
          Reason.CONFLICT,
          "proposal " + p.id() + " is " + p.state().wireName() + " and takes no more decisions",
          "proposal.not_pending");
    }
    return p;
  }

  private static void requireDigest(Proposal p, Bytes digest) throws ControlPlaneException {
    if (!p.digest().equals(digest)) {
      throw refused(
          Reason.INVALID_ARGUMENT,
          "digest: "
              + digest.hex()
              + " is not the SHA-256 of proposal "
              + p.id()
              + "'s change ("
              + p.digest().hex()
              + ")",
          "proposal.digest_mismatch");
    }
  }

  private static void requireFirstDecision(Proposal p, Principal who) throws ControlPlaneException {
    java.util.Optional<Decision> prior = p.decisionOf(who);
    if (prior.isPresent()) {
      throw refused(
          Reason.CONFLICT,
          "principal "
              + who
              + " already decided proposal "
              + p.id()
              + " ("
              + prior.get().vote().wireName()
              + " at "
              + prior.get().at()
              + "); each controller counts once",
          "proposal.already_decided");
    }
  }

  private ProposalApplier applier(ProposalKind kind) throws ControlPlaneException {
    ProposalApplier a = appliers.get(kind);
    if (a == null) {
      throw new ControlPlaneException(
          Reason.CONFLICT,
          "changes of kind " + kind.wireName() + " cannot be applied by this control plane");
    }
    return a;
  }

  private byte[] randomId() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return id;
  }

  private static ControlPlaneException refused(Reason reason, String message, String check) {
    return new ControlPlaneException(reason, message, List.of(check));
  }
}

package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.Store;
import io.dooor.core.port.VerifiedEvidence;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The control plane: one deterministic state machine over nodes, policies and principals (the
 * "canister" of DESIGN §1). Every state change is recorded as an {@link Event} in the same
 * transaction as the change; a refused operation throws a {@link ControlPlaneException} naming what
 * was refused, which the edge records. Thread-safe: all state lives in the {@link Store}.
 */
public final class ControlPlane {
  /** Context of per-node keys derived by derive_node_key. */
  public static final String NODE_KEY_CONTEXT = "dooor/node-key";

  private final Store store;
  private final EvidenceVerifier verifier;
  private final KeyDerivation derivations;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Recorder recorder;
  private final Duration heartbeatTimeout;

  public ControlPlane(
      Store store,
      EvidenceVerifier verifier,
      KeyService keys,
      Clock clock,
      Duration heartbeatTimeout) {
    this.store = store;
    this.verifier = verifier;
    this.clock = clock;
    this.recorder = new Recorder(store, clock);
    this.derivations = new KeyDerivation(recorder, keys);
    this.heartbeatTimeout = heartbeatTimeout;
  }

  public Store store() {
    return store;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Records a fault observed outside any request (e.g. a key-share holder answering with an invalid
   * share), with outcome REFUSED, in its own transaction. Refused requests are recorded by the HTTP
   * edge from {@link ControlPlaneException#refusal()}.
   */
  public void recordRefusal(Caller caller, String action, String subject, String why) {
    recorder.fault(caller, action, subject, EventLimits.bound(why, EventLimits.MAX_REASON));
  }

  /**
   * Records an observation of the system that changes no control-plane state but that auditors
   * should see beside the refusals it answers (e.g. a faulty key-share holder recovering).
   */
  public void recordObservation(
      Caller caller, String action, String subject, Map<String, String> details) {
    recorder.observed(caller, action, subject, details);
  }

  /** Refuses (and records) unless the caller holds {@code role}; for reads served elsewhere. */
  public void authorize(Caller caller, Role role, String action, String subject)
      throws ControlPlaneException {
    recorder.read(
        caller,
        action,
        subject,
        view -> {
          view.require(caller, role);
          return null;
        });
  }

  /** Creates the first controller; refused once any controller exists. */
  public void init(Principal controller) throws ControlPlaneException {
    Caller self = new Caller(controller, Bytes.empty(), Bytes.empty());
    recorder.run(
        self,
        "init",
        "principal:" + controller,
        tx -> {
          if (tx.hasController()) {
            throw new ControlPlaneException(Reason.CONFLICT, "already initialised");
          }
          tx.putRole(controller, Role.CONTROLLER);
          return tx.ok(Map.of("role", "controller"));
        });
  }

  /** Grants {@code role} to {@code who}; controllers only. */
  public void grant(Caller caller, Principal who, Role role) throws ControlPlaneException {
    recorder.run(
        caller,
        "principal.grant",
        "principal:" + who,
        tx -> {
          tx.require(caller, Role.CONTROLLER);
          tx.putRole(who, role);
          return tx.ok(Map.of("role", role.name()));
        });
  }

  /**
   * register_tee_node: verifies the initial report's signature chain, records the node as PENDING
   * and issues a single-use challenge. The caller is an operator, or the node itself signing with
   * its TEE-born identity key.
   */
  public Registration registerTeeNode(
      Caller caller, NodeId id, String workload, TeeType type, Bytes nodeKey, Bytes report)
      throws ControlPlaneException {
    String subject = "node:" + id;
    Principal nodePrincipal = principalOf(caller, subject, nodeKey);
    recorder.read(
        caller,
        "node.register",
        subject,
        view -> {
          requireRegistrant(view, caller, nodePrincipal);
          return null;
        });
    VerifiedEvidence evidence = verify(caller, "node.register", subject, type, report);
    return recorder.run(
        caller,
        "node.register",
        subject,
        tx -> {
          requireRegistrant(tx, caller, nodePrincipal);
          if (tx.node(id).isPresent()) {
            throw new ControlPlaneException(Reason.CONFLICT, "node " + id + " already exists");
          }
          Policy policy = tx.policyFor(workload, clock.instant());
          requireAllowedType(policy, type);
          Instant now = clock.instant();
          Node node = Node.registered(id, type, workload, nodeKey, now);
          node = node.withClaims(evidence.measurements(), evidence.platformId());
          Challenge challenge = newChallenge(id, now.plus(policy.challengeTtl()));
          tx.putNode(node);
          tx.putChallenge(challenge);
          tx.ok(Map.of("tee", type.wireName(), "workload", workload, "state", "PENDING"));
          return new Registration(node, challenge);
        });
  }

  /** Issues a fresh challenge for re-attestation of a node that is not deactivated. */
  public Challenge challenge(Caller caller, NodeId id) throws ControlPlaneException {
    return recorder.run(
        caller,
        "node.challenge",
        "node:" + id,
        tx -> {
          Node node = tx.live(caller, id);
          Policy policy = tx.policyFor(node.workload(), clock.instant());
          Challenge challenge = newChallenge(id, clock.instant().plus(policy.challengeTtl()));
          tx.putChallenge(challenge);
          tx.ok(Map.of());
          return challenge;
        });
  }

  /**
   * verify_attestation: full verification of fresh evidence, policy evaluation, and the binding of
   * report data to the outstanding challenge and the node key. Only then ACTIVE.
   */
  public Node verifyAttestation(Caller caller, NodeId id, Bytes evidenceBytes)
      throws ControlPlaneException {
    String subject = "node:" + id;
    Node before = recorder.read(caller, "node.verify", subject, view -> view.live(caller, id));
    VerifiedEvidence evidence =
        verify(caller, "node.verify", subject, before.teeType(), evidenceBytes);
    return recorder.run(
        caller,
        "node.verify",
        subject,
        tx -> {
          Node node = tx.live(caller, id);
          Challenge challenge = tx.liveChallenge(id, clock.instant());
          Policy policy = tx.policyFor(node.workload(), clock.instant());
          requireAdmissible(evidence, challenge, node, policy);
          Instant now = clock.instant();
          Node active =
              node.activated(
                  evidence.measurements(),
                  evidence.tcbStatus(),
                  evidence.platformId(),
                  now,
                  now.plus(policy.attestationTtl()),
                  policy.version());
          tx.deleteChallenge(id);
          tx.putNode(active);
          tx.ok(
              Map.of(
                  "from", node.state().name(),
                  "to", "ACTIVE",
                  "tcb", evidence.tcbStatus(),
                  "policy_version", Long.toString(policy.version())));
          return active;
        });
  }

  /** deactivate_node: terminal; controllers only. Idempotent refusal once deactivated. */
  public Node deactivateNode(Caller caller, NodeId id, String reason) throws ControlPlaneException {
    return recorder.run(
        caller,
        "node.deactivate",
        "node:" + id,
        tx -> {
          tx.require(caller, Role.CONTROLLER);
          Node node = tx.existing(id);
          if (node.state() == NodeState.DEACTIVATED) {
            throw new ControlPlaneException(
                Reason.CONFLICT, "node " + id + " is already DEACTIVATED");
          }
          Node dead = node.withState(NodeState.DEACTIVATED, reason);
          tx.deleteChallenge(id);
          tx.putNode(dead);
          tx.ok(Map.of("from", node.state().name(), "to", "DEACTIVATED", "reason", reason));
          return dead;
        });
  }

  /** A node's heartbeat: UNREACHABLE nodes whose attestation is still valid become ACTIVE. */
  public Node heartbeat(Caller caller, NodeId id) throws ControlPlaneException {
    return recorder.run(
        caller,
        "node.heartbeat",
        "node:" + id,
        tx -> {
          Node node = tx.existing(id);
          tx.requireSelf(caller, node);
          Instant now = clock.instant();
          if (node.state() == NodeState.UNREACHABLE) {
            boolean fresh = node.attestationExpiry().map(now::isBefore).orElse(false);
            NodeState next = fresh ? NodeState.ACTIVE : NodeState.STALE;
            Node back = node.heartbeat(now).withState(next, "");
            tx.putNode(back);
            tx.ok(Map.of("from", "UNREACHABLE", "to", next.name()));
            return back;
          }
          if (node.state() != NodeState.ACTIVE && node.state() != NodeState.STALE) {
            throw new ControlPlaneException(
                Reason.CONFLICT, "node " + id + " is " + node.state() + ": no heartbeats");
          }
          Node beat = node.heartbeat(now);
          tx.putNode(beat); // a heartbeat time is not a transition: no event
          return beat;
        });
  }

  /**
   * Background sweep: ACTIVE nodes past their attestation expiry become STALE; ACTIVE nodes without
   * a heartbeat for the timeout become UNREACHABLE. Returns the nodes that changed.
   */
  public List<Node> sweep() throws ControlPlaneException {
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

  /**
   * derive_node_key: the node's vetKey for {@code context} (input: its node id), encrypted to the
   * caller's transport key. Only the ACTIVE node itself may ask. Recorded, allowed or refused, with
   * the context and the input's SHA-256.
   */
  public DerivedNodeKey deriveNodeKey(
      Caller caller, NodeId id, String context, Bytes transportPublicKey)
      throws ControlPlaneException {
    DerivedKey key = derivations.deriveForNode(caller, id, context, transportPublicKey);
    return new DerivedNodeKey(
        key.context(), key.input(), key.encryptedKey(), key.derivedPublicKey());
  }

  /**
   * vetkd_derive_key: the vetKey for ({@code context}, {@code input}) encrypted to {@code
   * transportPublicKey} (48 bytes), if {@link DerivationRules} allow the caller: an ACTIVE node for
   * its own node key, or a role holder for its own principal outside {@code dooor/}. Every request,
   * allowed or refused, is recorded with the caller, context and SHA-256 of the input.
   */
  public DerivedKey deriveKey(Caller caller, String context, Bytes input, Bytes transportPublicKey)
      throws ControlPlaneException {
    return derivations.derive(caller, context, input, transportPublicKey);
  }

  /** Sets a workload's policy (next version); controllers only. */
  public Policy setPolicy(Caller caller, PolicySpec spec) throws ControlPlaneException {
    return recorder.run(
        caller,
        "policy.set",
        "policy:" + spec.workload(),
        tx -> {
          tx.require(caller, Role.CONTROLLER);
          long version = tx.policy(spec.workload()).map(Policy::version).orElse(0L) + 1;
          Policy p;
          try {
            p = Policies.fromSpec(spec, version, caller.principal(), clock.instant());
          } catch (IllegalArgumentException e) {
            throw new ControlPlaneException(Reason.INVALID_ARGUMENT, e.getMessage());
          }
          tx.putPolicy(p);
          tx.ok(
              Map.of(
                  "version",
                  Long.toString(version),
                  "sim_allowed",
                  Boolean.toString(p.allowedTypes().contains(TeeType.SIM))));
          return p;
        });
  }

  /** A node, for operators, controllers and the node itself. */
  public Node node(Caller caller, NodeId id) throws ControlPlaneException {
    return recorder.read(
        caller,
        "node.read",
        "node:" + id,
        tx -> {
          Node node = tx.existing(id);
          tx.requireSelfOr(caller, node, Role.OPERATOR);
          return node;
        });
  }

  /** All nodes, for operators and controllers. */
  public List<Node> nodes(Caller caller) throws ControlPlaneException {
    return recorder.read(
        caller,
        "node.list",
        "fleet",
        tx -> {
          tx.require(caller, Role.OPERATOR);
          return tx.nodes();
        });
  }

  /** The policy in force for a workload (the production default if none was set). */
  public Policy policy(Caller caller, String workload) throws ControlPlaneException {
    return recorder.read(
        caller,
        "policy.read",
        "policy:" + workload,
        tx -> {
          tx.require(caller, Role.OPERATOR);
          return tx.policyFor(workload, clock.instant());
        });
  }

  /** Recorded events {@code [from, to)}; auditors and controllers. */
  public List<Event> events(Caller caller, long from, long to) throws ControlPlaneException {
    return recorder.read(
        caller,
        "audit.read",
        "events",
        tx -> {
          tx.require(caller, Role.AUDITOR);
          return store.events(from, to);
        });
  }

  /** The node itself (signing with the key it registers) or an operator may register. */
  private static void requireRegistrant(View view, Caller caller, Principal nodePrincipal)
      throws ControlPlaneException {
    if (!caller.principal().equals(nodePrincipal)) {
      view.require(caller, Role.OPERATOR);
    }
  }

  private Principal principalOf(Caller caller, String subject, Bytes nodeKey)
      throws ControlPlaneException {
    if (nodeKey.isEmpty()) {
      throw recorder.refused(
          caller,
          "node.register",
          subject,
          new ControlPlaneException(Reason.INVALID_ARGUMENT, "node_public_key is required"));
    }
    return Principal.selfAuthenticating(nodeKey.toArray());
  }

  private VerifiedEvidence verify(
      Caller caller, String action, String subject, TeeType type, Bytes evidence)
      throws ControlPlaneException {
    try {
      if (!verifier.supports(type)) {
        throw new EvidenceException(
            EvidenceException.Reason.UNSUPPORTED_FORMAT,
            "no verifier for " + type.wireName() + " evidence");
      }
      return verifier.verify(type, evidence, clock.instant());
    } catch (EvidenceException e) {
      throw recorder.refused(
          caller,
          action,
          subject,
          new ControlPlaneException(
              Reason.EVIDENCE_INVALID,
              "evidence refused (" + e.reason() + "): " + e.getMessage(),
              e.failedChecks()));
    }
  }

  private static void requireAllowedType(Policy policy, TeeType type) throws ControlPlaneException {
    if (!policy.allowedTypes().contains(type)) {
      String why =
          "policy " + policy.workload() + " v" + policy.version() + " refuses " + type.wireName();
      throw new ControlPlaneException(Reason.POLICY_REFUSED, why, List.of("tee_type: " + why));
    }
  }

  /**
   * The binding and the policy, both evaluated so that a refusal names every failed check: a
   * binding mismatch alone is BINDING_MISMATCH naming only {@code report_data_binding}, which shows
   * that the policy admitted the verified claims; with policy failures too it names them all.
   */
  private static void requireAdmissible(
      VerifiedEvidence evidence, Challenge challenge, Node node, Policy policy)
      throws ControlPlaneException {
    Bytes expected = ReportDataBinding.expected(challenge.nonce(), node.nodeKey());
    boolean bound = expected.equals(evidence.reportData());
    List<String> failures = new ArrayList<>();
    if (!bound) {
      failures.add("report_data_binding");
    }
    failures.addAll(PolicyEvaluator.failures(policy, evidence));
    if (!bound) {
      throw new ControlPlaneException(
          Reason.BINDING_MISMATCH,
          "report_data does not equal SHA-512(challenge nonce || SHA-256(node key)) (wrong nonce,"
              + " stale evidence, or another key); failed checks: "
              + failures,
          failures);
    }
    if (!failures.isEmpty()) {
      throw new ControlPlaneException(
          Reason.POLICY_REFUSED, "policy refuses the evidence: " + failures, failures);
    }
  }

  private Challenge newChallenge(NodeId id, Instant expires) {
    byte[] nonce = new byte[Challenge.NONCE_LENGTH];
    random.nextBytes(nonce);
    return new Challenge(id, Bytes.of(nonce), expires);
  }
}

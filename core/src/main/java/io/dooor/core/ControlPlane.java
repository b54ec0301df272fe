package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.Store;
import io.dooor.core.port.TransportKey;
import io.dooor.core.proposal.ChangeText;
import io.dooor.core.proposal.Decision;
import io.dooor.core.proposal.Proposal;
import io.dooor.core.proposal.ProposalApplier;
import io.dooor.core.proposal.ProposalKind;
import io.dooor.core.proposal.ProposalRules;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The control plane: one deterministic state machine over nodes, policies and principals (the
 * "canister" of DESIGN §1). Every state change is recorded as an {@link Event} in the same
 * transaction as the change; a refused operation throws a {@link ControlPlaneException} naming what
 * was refused, which the edge records. Thread-safe: all state lives in the {@link Store}.
 *
 * <p>A thin facade over four concerns: {@link Admission} (register, challenge, verify), {@link
 * NodeLifecycle} (heartbeat, deactivate, sweep), {@link Access} (roles, policies, reads) and {@link
 * Derivations} (vetKD). Node states move only through the {@link Transition} table.
 */
public final class ControlPlane {
  /** Context of per-node keys derived by derive_node_key. */
  public static final String NODE_KEY_CONTEXT = "dooor/node-key";

  private final Store store;
  private final Clock clock;
  private final Recorder recorder;
  private final Admission admission;
  private final NodeLifecycle lifecycle;
  private final Access access;
  private final Derivations keys;
  private final SealingKeys sealing;
  private final Leases leases;
  private final Blobs blobs;
  private final Repairs repairs;
  private final Proposals proposals;

  public ControlPlane(
      Store store,
      EvidenceVerifier verifier,
      KeyService keys,
      Clock clock,
      Duration heartbeatTimeout) {
    this.store = store;
    this.clock = clock;
    this.recorder = new Recorder(store, clock);
    this.admission = new Admission(recorder, verifier, clock);
    this.lifecycle = new NodeLifecycle(recorder, verifier, clock, heartbeatTimeout);
    this.access = new Access(store, recorder, clock);
    KeyDerivation derivation = new KeyDerivation(recorder, keys);
    this.keys = new Derivations(recorder, derivation);
    this.sealing = new SealingKeys(recorder, verifier, derivation, clock);
    this.leases = new Leases(recorder);
    this.blobs = new Blobs(recorder, derivation, keys, clock);
    this.repairs = new Repairs(recorder, clock);
    this.proposals = new Proposals(store, recorder, clock);
    proposals.register(ProposalKind.POLICY, ProposalAppliers.policy());
    proposals.register(ProposalKind.ROLE_GRANT, ProposalAppliers.role());
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
    access.authorize(caller, role, action, subject);
  }

  /** Creates the first controller; refused once any controller exists. */
  public void init(Principal controller) throws ControlPlaneException {
    access.init(controller);
  }

  /** Grants {@code role} to {@code who}; controllers only. */
  public void grant(Caller caller, Principal who, Role role) throws ControlPlaneException {
    access.grant(caller, who, role);
  }

  /**
   * Removes {@code role} from {@code who}; controllers only. NOT_FOUND if it does not hold it;
   * CONFLICT (rule "last-controller") if it is the last controller's controller role.
   */
  public void revoke(Caller caller, Principal who, Role role) throws ControlPlaneException {
    access.revoke(caller, who, role);
  }

  /** Every principal holding a role, with its roles; auditors and controllers. */
  public Map<Principal, Set<Role>> principals(Caller caller) throws ControlPlaneException {
    return access.principals(caller);
  }

  /**
   * register_tee_node: verifies the initial report's signature chain, records the node as PENDING
   * and issues a single-use challenge. The caller is an operator, or the node itself signing with
   * its TEE-born identity key, already parsed at the edge.
   */
  public Registration registerTeeNode(
      Caller caller, NodeId id, String workload, TeeType type, NodeKey nodeKey, Bytes report)
      throws ControlPlaneException {
    return admission.register(caller, id, workload, type, nodeKey, report);
  }

  /** Issues a fresh challenge for re-attestation of a node that is not deactivated. */
  public Challenge challenge(Caller caller, NodeId id) throws ControlPlaneException {
    return admission.challenge(caller, id);
  }

  /**
   * verify_attestation: full verification of fresh evidence, policy evaluation, and the binding of
   * report data to the outstanding challenge and the node key. Only then ACTIVE.
   */
  public Node verifyAttestation(Caller caller, NodeId id, Bytes evidenceBytes)
      throws ControlPlaneException {
    return admission.verifyAttestation(caller, id, evidenceBytes);
  }

  /** deactivate_node: terminal; controllers only. Idempotent refusal once deactivated. */
  public Node deactivateNode(Caller caller, NodeId id, String reason) throws ControlPlaneException {
    return lifecycle.deactivate(caller, id, reason);
  }

  /**
   * drain_node: planned removal; operators and controllers. A DRAINING node keeps heartbeating and
   * may derive its keys while its attestation is valid, but is given no new duties (shards); it
   * leaves DRAINING only by deactivation (by a controller, or automatically).
   */
  public Node drainNode(Caller caller, NodeId id, String reason) throws ControlPlaneException {
    return lifecycle.drain(caller, id, reason);
  }

  /** A node's heartbeat: UNREACHABLE nodes whose attestation is still valid become ACTIVE. */
  public Node heartbeat(Caller caller, NodeId id) throws ControlPlaneException {
    return lifecycle.heartbeat(caller, id);
  }

  /**
   * Background sweep: ACTIVE nodes past their attestation expiry become STALE; ACTIVE nodes without
   * a heartbeat for the timeout become UNREACHABLE; ACTIVE and DRAINING nodes are judged again when
   * their workload's policy changed or the collateral of their TEE type changed (ACTIVE -> STALE,
   * DRAINING -> DEACTIVATED when they no longer pass); and each workload's automatic decisions
   * ({@link AutoDeactivation}) deactivate nodes. Returns the nodes that changed state.
   */
  public List<Node> sweep() throws ControlPlaneException {
    return lifecycle.sweep();
  }

  /**
   * {@link #sweep()} by the holder of the sweep duty's {@code lease} (replicas, issue 15): its
   * write transaction checks the lease (fencing token, expiry) first; CONFLICT ({@code lease-lost})
   * and nothing written if another replica took it meanwhile.
   */
  public List<Node> sweep(Lease lease) throws ControlPlaneException {
    return lifecycle.sweep(java.util.Optional.of(lease));
  }

  /**
   * Takes or renews the lease of background {@code duty} for replica {@code holder} for {@code
   * ttl}; empty while another replica holds it. A new holding is recorded ({@code lease.take}).
   */
  public java.util.Optional<Lease> acquireLease(String duty, String holder, Duration ttl)
      throws ControlPlaneException {
    return leases.acquire(duty, holder, ttl);
  }

  /**
   * {@link #acquireLease} for many duties in one write transaction (a reconciler renewing its
   * workloads' leases in one commit instead of one each): the leases taken or renewed, by duty; a
   * duty another replica holds is absent. Each new holding is recorded ({@code lease.take}).
   */
  public java.util.Map<String, Lease> acquireLeases(
      java.util.Collection<String> duties, String holder, Duration ttl)
      throws ControlPlaneException {
    return leases.acquireAll(duties, holder, ttl);
  }

  /**
   * derive_node_key: the node's vetKey for {@code context} (input: its node id), encrypted to the
   * caller's transport key. Only the ACTIVE node itself may ask. Recorded, allowed or refused, with
   * the context and the input's SHA-256.
   */
  public DerivedNodeKey deriveNodeKey(
      Caller caller, NodeId id, String context, TransportKey transportKey)
      throws ControlPlaneException {
    return keys.deriveNodeKey(caller, id, context, transportKey);
  }

  /**
   * vetkd_derive_key: the vetKey for ({@code context}, {@code input}) encrypted to {@code
   * transportKey} (decoded by the key service at the edge), if {@link DerivationRules} allow the
   * caller: an ACTIVE node for its own node key, or a role holder for its own principal outside
   * {@code dooor/}. Every request, allowed or refused, is recorded with the caller, context and
   * SHA-256 of the input.
   */
  public DerivedKey deriveKey(Caller caller, String context, Bytes input, TransportKey transportKey)
      throws ControlPlaneException {
    return keys.deriveKey(caller, context, input, transportKey);
  }

  /**
   * A sealing key (issue 12; {@link SealingKeys}): the vetKey for ({@value SealingKeys#CONTEXT},
   * UTF8(workload) || 0x00 || SHA-256(canonical measurements)) encrypted to {@code transportKey},
   * for fresh {@code evidence} that verifies fully, that the workload's policy admits and whose
   * report data is SHA-512(UTF8("dooor-seal-v1") || {@code transportKeyBytes}). Any signer; every
   * request is recorded as {@value SealingKeys#ACTION}, never with key material.
   */
  public DerivedKey sealingKey(
      Caller caller,
      String workload,
      TeeType type,
      Bytes evidence,
      Bytes transportKeyBytes,
      TransportKey transportKey)
      throws ControlPlaneException {
    return sealing.derive(caller, workload, type, evidence, transportKeyBytes, transportKey);
  }

  /** Sets a workload's policy (next version); controllers only. */
  public Policy setPolicy(Caller caller, PolicySpec spec) throws ControlPlaneException {
    return access.setPolicy(caller, spec);
  }

  /** A node, for operators, controllers and the node itself. */
  public Node node(Caller caller, NodeId id) throws ControlPlaneException {
    return access.node(caller, id);
  }

  /** All nodes, for operators and controllers. */
  public List<Node> nodes(Caller caller) throws ControlPlaneException {
    return access.nodes(caller);
  }

  /**
   * The policy set for a workload; NOT_FOUND if none is set (admission then uses the production
   * default).
   */
  public Policy policy(Caller caller, String workload) throws ControlPlaneException {
    return access.policy(caller, workload);
  }

  /** Recorded events {@code [from, to)}; auditors and controllers. */
  public List<Event> events(Caller caller, long from, long to) throws ControlPlaneException {
    return access.events(caller, from, to);
  }

  /** Checks a shard endpoint's syntax before any change (INVALID_ARGUMENT naming the field). */
  public static String checkShardEndpoint(String endpoint) throws ControlPlaneException {
    return ShardEndpoints.check(endpoint);
  }

  /** A node's shard endpoint (the node itself, or an operator); an event when it changes. */
  public void advertiseShardEndpoint(Caller caller, NodeId id, String endpoint)
      throws ControlPlaneException {
    recorder.run(
        caller,
        "node.shard_endpoint",
        "node:" + id,
        tx -> {
          ShardEndpoints.advertise(tx, caller, id, endpoint);
          return null;
        });
  }

  /** The current data epoch, its context and derived public key (issue 13; {@link BlobRules}). */
  public DataEpoch dataEpoch(Caller caller) throws ControlPlaneException {
    return blobs.epoch(caller);
  }

  /** Registers a blob's manifest (state PLACING); operators and controllers. */
  public Blob createBlob(Caller caller, BlobManifest manifest) throws ControlPlaneException {
    return blobs.create(caller, manifest);
  }

  /** Every blob; operators, auditors and controllers. */
  public List<Blob> blobs(Caller caller) throws ControlPlaneException {
    return blobs.list(caller);
  }

  /** One blob, for listers and its decryptors (who may then get shards). */
  public BlobAccess blob(Caller caller, String id) throws ControlPlaneException {
    return blobs.read(caller, id);
  }

  /** The node holding shard {@code index} reports it stored (after verifying it). */
  public Blob shardStored(Caller caller, String id, int index) throws ControlPlaneException {
    return blobs.stored(caller, id, index);
  }

  /**
   * decrypt_data: the vetKey of the blob's identity under {@code dooor/data/e<epoch>}, encrypted to
   * the caller's transport key, for an ACTIVE target node or a recovery principal; recorded either
   * way ({@code blob.key_released} / {@code blob.key_refused}).
   */
  public DerivedKey blobKey(Caller caller, String id, TransportKey transportKey)
      throws ControlPlaneException {
    return blobs.releaseKey(caller, id, transportKey);
  }

  /** A decryptor's rewrapped manifest at the current epoch; older manifests stay in history. */
  public Blob rewrapBlob(Caller caller, BlobManifest manifest) throws ControlPlaneException {
    return blobs.rewrap(caller, manifest);
  }

  /** Every shard repair; operators, auditors and controllers. */
  public List<RepairJob> repairs(Caller caller) throws ControlPlaneException {
    return blobs.repairs(caller);
  }

  /**
   * Shards due for repair: on DEACTIVATED nodes, or on nodes UNREACHABLE for longer than {@code
   * grace} (for the control plane's repair job).
   */
  public List<RepairJob> repairsDue(Duration grace) {
    return repairs.due(grace);
  }

  /**
   * Takes or renews a blob's repair lease for {@code owner}; a new holder gets the next fencing
   * token. CONFLICT while another holder's lease is live.
   */
  public Lease leaseBlob(String owner, String id, Duration ttl) throws ControlPlaneException {
    return repairs.lease(owner, id, ttl);
  }

  /** Records a repair's state (PENDING, FAILED with its detail). */
  public void repairProgress(RepairJob job) throws ControlPlaneException {
    repairs.progress(job);
  }

  /**
   * A repaired shard's new placement, accepted only while {@code lease} (from {@link #leaseBlob})
   * is still held, checked in the writing transaction (else CONFLICT, a stale fencing token): shard
   * {@code index} moves to {@code to}, STORED; {@code blob.repaired}.
   */
  public Blob repaired(Lease lease, BlobManifest manifest, int index, NodeId to, long bytes)
      throws ControlPlaneException {
    return repairs.placed(lease, manifest, index, to, bytes);
  }

  // --- m of n controller approvals (issue 16) ---

  /** How many approvals each kind of change needs, and how long proposals wait (default: 1). */
  public void configureProposals(ProposalRules rules) {
    proposals.configure(rules);
  }

  /** The approvals a change of {@code kind} needs; above 1, the change goes through a proposal. */
  public int approvalsNeeded(ProposalKind kind) {
    return proposals.rules().threshold(kind);
  }

  /**
   * Makes changes of {@code kind} proposable: {@code applier} writes one once its proposal has its
   * approvals, in the transaction of the last approval (see {@link ProposalApplier}).
   */
  public void registerApplier(ProposalKind kind, ProposalApplier applier) {
    proposals.register(kind, applier);
  }

  /**
   * Records {@code change} as a proposal, the caller's request its first approval (controllers
   * only); applied at once if that is enough.
   */
  public Proposal propose(Caller caller, ChangeText change) throws ControlPlaneException {
    return proposals.propose(caller, change);
  }

  /** Proposes a policy; INVALID_ARGUMENT before anything is recorded if it cannot apply. */
  public Proposal proposePolicy(Caller caller, PolicySpec spec) throws ControlPlaneException {
    try {
      spec.draft(clock.instant());
    } catch (IllegalArgumentException e) {
      throw recorder.refused(
          caller,
          "proposal.create",
          "policy:" + spec.workload(),
          new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT, e.getMessage()));
    }
    return proposals.propose(caller, ProposedChanges.policy(spec));
  }

  /** Proposes adding ({@code grant}) or removing a role. */
  public Proposal proposeRole(Caller caller, boolean grant, Principal who, Role role)
      throws ControlPlaneException {
    return proposals.propose(
        caller, ProposedChanges.role(new ProposedChanges.RoleChange(grant, who, role)));
  }

  /**
   * A controller's signed approval of the proposal whose change has SHA-256 {@code digest}; refused
   * if the digest is another, the proposal is closed or expired, or this controller decided
   * already. The approval that reaches the threshold applies the change.
   */
  public Proposal approve(Caller caller, String id, Bytes digest) throws ControlPlaneException {
    return proposals.decide(caller, id, digest, Decision.Vote.APPROVE);
  }

  /** As {@link #approve}, rejecting; REJECTED once the threshold can no longer be reached. */
  public Proposal reject(Caller caller, String id, Bytes digest) throws ControlPlaneException {
    return proposals.decide(caller, id, digest, Decision.Vote.REJECT);
  }

  /** Every proposal, newest first (auditors and controllers). */
  public List<Proposal> proposals(Caller caller) throws ControlPlaneException {
    return proposals.list(caller);
  }

  public Proposal proposal(Caller caller, String id) throws ControlPlaneException {
    return proposals.show(caller, id);
  }

  /** Records every pending proposal past its expiry as expired (background sweep). */
  public List<Proposal> expireProposals() throws ControlPlaneException {
    return proposals.expireDue();
  }
}

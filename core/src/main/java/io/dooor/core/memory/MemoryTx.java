package io.dooor.core.memory;

import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.Challenge;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeEvidence;
import io.dooor.core.NodeId;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.RepairJob;
import io.dooor.core.Role;
import io.dooor.core.port.Store;
import io.dooor.core.provision.JoinToken;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.WorkloadRow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The writes of one in-memory transaction, made on a private copy of the committed state. */
final class MemoryTx implements Store.Tx {
  private final State state;
  private final Clock clock;

  MemoryTx(State state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  @Override
  public Optional<Node> node(NodeId id) {
    return state.node(id);
  }

  @Override
  public List<Node> nodes() {
    return state.nodes();
  }

  @Override
  public Optional<NodeEvidence> evidence(NodeId id) {
    return state.evidence(id);
  }

  @Override
  public void putEvidence(NodeEvidence evidence) {
    if (!state.nodes.containsKey(evidence.nodeId().value())) {
      throw new IllegalStateException("no node " + evidence.nodeId() + " to keep evidence of");
    }
    state.evidence.put(evidence.nodeId(), evidence);
  }

  @Override
  public Optional<Policy> policy(String workload) {
    return state.policy(workload);
  }

  @Override
  public Set<Role> roles(Principal principal) {
    return state.roles(principal);
  }

  @Override
  public Map<Principal, Set<Role>> principals() {
    return state.principals();
  }

  @Override
  public void putNode(Node node) {
    state.nodes.put(node.id().value(), node);
  }

  @Override
  public Optional<Challenge> challenge(NodeId id) {
    return Optional.ofNullable(state.challenges.get(id));
  }

  @Override
  public void putChallenge(Challenge challenge) {
    state.challenges.put(challenge.nodeId(), challenge);
  }

  @Override
  public void deleteChallenge(NodeId id) {
    state.challenges.remove(id);
  }

  /** Keeps the latest version of each workload's policy. */
  @Override
  public void putPolicy(Policy policy) {
    state.policies.merge(
        policy.workload(), policy, (old, p) -> p.version() >= old.version() ? p : old);
  }

  @Override
  public void addRole(Principal principal, Role role) {
    state.changeRole(principal, role, true);
  }

  @Override
  public void removeRole(Principal principal, Role role) {
    state.changeRole(principal, role, false);
  }

  /** Purges expired nonces, then remembers this one unless it is live already (a replay). */
  @Override
  public boolean rememberNonce(String keyId, String nonce, Instant expiresAt) {
    Instant now = clock.instant();
    state.nonces.values().removeIf(expiry -> !now.isBefore(expiry));
    return state.nonces.putIfAbsent(keyId.length() + ":" + keyId + nonce, expiresAt) == null;
  }

  @Override
  public long dataEpoch() {
    return state.dataEpoch();
  }

  @Override
  public Optional<String> shardEndpoint(NodeId id) {
    return state.shardEndpoint(id);
  }

  @Override
  public Optional<Blob> blob(String id) {
    return state.blob(id);
  }

  @Override
  public List<Blob> blobs() {
    return state.blobs();
  }

  @Override
  public List<Bytes> manifestHistory(String id) {
    return state.manifestHistory(id);
  }

  @Override
  public List<RepairJob> repairJobs() {
    return state.repairJobs();
  }

  @Override
  public void putDataEpoch(long epoch) {
    state.data.epoch = epoch;
  }

  @Override
  public void putShardEndpoint(NodeId id, String endpoint) {
    if (!state.nodes.containsKey(id.value())) {
      throw new IllegalStateException("no node " + id + " to keep a shard endpoint of");
    }
    state.data.endpoints.put(id, endpoint);
  }

  @Override
  public void putBlob(Blob blob) {
    state.data.putBlob(blob);
  }

  @Override
  public void putRepairJob(RepairJob job) {
    state.data.repairs.put(job.blobId() + "/" + (1000 + job.index()), job);
  }

  @Override
  public long append(Event event) {
    long seq = state.events.size();
    state.events.add(event.withSeq(seq));
    return seq;
  }

  @Override
  public Optional<io.dooor.core.Lease> acquireLease(
      String duty, String holder, Instant now, java.time.Duration ttl) {
    return state.replicas.acquire(duty, holder, now, ttl);
  }

  @Override
  public Optional<io.dooor.core.Lease> leaseOf(String duty) {
    return state.replicas.lease(duty);
  }

  @Override
  public boolean holdsLease(io.dooor.core.Lease lease, Instant now) {
    return state.replicas.holds(lease, now);
  }

  @Override
  public io.dooor.common.Bytes createIdentity(String name, io.dooor.common.Bytes value) {
    return state.replicas.createIdentity(name, value);
  }

  @Override
  public Optional<WorkloadRow> workload(String name) {
    return state.provision.workload(name);
  }

  @Override
  public List<WorkloadRow> workloads() {
    return state.provision.workloads();
  }

  @Override
  public void putWorkload(WorkloadRow row) {
    state.provision.putWorkload(row);
  }

  @Override
  public List<Machine> machines(String workload) {
    return state.provision.machines(workload);
  }

  @Override
  public void putMachine(Machine machine) {
    state.provision.putMachine(machine);
  }

  @Override
  public Optional<JoinToken> joinToken(Bytes digest) {
    return state.provision.joinToken(digest);
  }

  @Override
  public void putJoinToken(JoinToken token) {
    state.provision.putJoinToken(token);
  }

  @Override
  public Optional<io.dooor.core.proposal.Proposal> proposal(String id) {
    return Optional.ofNullable(state.proposals.get(id));
  }

  @Override
  public List<io.dooor.core.proposal.Proposal> proposals() {
    return state.proposals.values().stream()
        .sorted(
            java.util.Comparator.comparing(io.dooor.core.proposal.Proposal::createdAt)
                .reversed()
                .thenComparing(io.dooor.core.proposal.Proposal::id))
        .toList();
  }

  @Override
  public void putProposal(io.dooor.core.proposal.Proposal proposal) {
    state.proposals.put(proposal.id(), proposal);
  }

  @Override
  public List<io.dooor.core.provision.CredentialRow> credentials() {
    return state.provision.credentials();
  }

  @Override
  public List<io.dooor.core.provision.CredentialRow> credentials(String provider, String name) {
    return state.provision.credentials(provider, name);
  }

  @Override
  public void putCredential(io.dooor.core.provision.CredentialRow row) {
    state.provision.putCredential(row);
  }

  @Override
  public void deleteCredential(String provider, String name, long version) {
    state.provision.deleteCredential(provider, name, version);
  }
}

package io.dooor.store.internal;

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
import io.dooor.core.provision.CredentialRow;
import io.dooor.core.provision.JoinToken;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.WorkloadRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One write transaction on a connection begun by {@link Database#beginWrite}. Before it touches a
 * node's rows it takes that node's lock, and before it writes any other table (or reads every node)
 * it runs alone ({@link Database#lockNode}, {@link Database#runAlone}), so it is serializable where
 * write transactions run concurrently. Not thread-safe; valid only while the work that received it
 * runs.
 */
public final class JdbcTx implements Store.Tx {
  private final Connection c;
  private final NoncePurge purge;
  private final Database db;
  private final java.util.Set<String> lockedNodes = new java.util.HashSet<>();
  private boolean alone;
  private final List<io.dooor.audit.AuditEntry> atCommit = new java.util.ArrayList<>();

  public JdbcTx(Connection c, NoncePurge purge, Database db) {
    this.c = c;
    this.purge = purge;
    this.db = db;
  }

  /** Holds node {@code id}'s rows until commit (once per transaction). */
  private void lockNode(String id) throws SQLException {
    if (!alone && lockedNodes.add(id)) {
      db.lockNode(c, id);
    }
  }

  /** Runs alone from now until commit (once per transaction). */
  private void alone() throws SQLException {
    if (!alone) {
      db.runAlone(c);
      alone = true;
    }
  }

  @Override
  public Optional<Node> node(NodeId id) {
    return Sql.call(
        "read node " + id,
        () -> {
          lockNode(id.value());
          return NodeTable.get(c, id);
        });
  }

  @Override
  public List<Node> nodes() {
    return Sql.call(
        "list nodes",
        () -> {
          alone();
          return NodeTable.all(c);
        });
  }

  @Override
  public void putNode(Node node) {
    Sql.call(
        "write node " + node.id(),
        () -> {
          return writeNode(node.id().value(), () -> NodeTable.put(c, node));
        });
  }

  @Override
  public Optional<NodeEvidence> evidence(NodeId id) {
    return Sql.call(
        "read evidence of " + id,
        () -> {
          lockNode(id.value());
          return EvidenceTable.get(c, id);
        });
  }

  @Override
  public void putEvidence(NodeEvidence evidence) {
    Sql.call(
        "write evidence of " + evidence.nodeId(),
        () -> {
          return writeNode(evidence.nodeId().value(), () -> EvidenceTable.put(c, evidence));
        });
  }

  @Override
  public Optional<Challenge> challenge(NodeId id) {
    return Sql.call(
        "read challenge of " + id,
        () -> {
          lockNode(id.value());
          return AccessTables.challenge(c, id);
        });
  }

  @Override
  public void putChallenge(Challenge challenge) {
    Sql.call(
        "write challenge of " + challenge.nodeId(),
        () -> {
          return writeNode(
              challenge.nodeId().value(), () -> AccessTables.putChallenge(c, challenge));
        });
  }

  @Override
  public void deleteChallenge(NodeId id) {
    Sql.call(
        "delete challenge of " + id,
        () -> {
          return writeNode(id.value(), () -> AccessTables.deleteChallenge(c, id));
        });
  }

  @Override
  public Optional<Policy> policy(String workload) {
    return Sql.call("read policy " + workload, () -> PolicyTable.latest(c, workload));
  }

  @Override
  public void putPolicy(Policy policy) {
    Sql.call(
        "write policy " + policy.workload(),
        () -> {
          return writeAlone(() -> PolicyTable.put(c, policy));
        });
  }

  @Override
  public Set<Role> roles(Principal principal) {
    return Sql.call("read roles of " + principal, () -> AccessTables.roles(c, principal));
  }

  @Override
  public Map<Principal, Set<Role>> principals() {
    return Sql.call("list principals", () -> AccessTables.principals(c));
  }

  @Override
  public void addRole(Principal principal, Role role) {
    Sql.call(
        "add role to " + principal,
        () -> {
          return writeAlone(() -> AccessTables.addRole(c, principal, role));
        });
  }

  @Override
  public void removeRole(Principal principal, Role role) {
    Sql.call(
        "remove role of " + principal,
        () -> {
          return writeAlone(() -> AccessTables.removeRole(c, principal, role));
        });
  }

  @Override
  public boolean rememberNonce(String keyId, String nonce, Instant expiresAt) {
    return Sql.call(
        "remember nonce of " + keyId,
        () -> {
          Instant now = purge.now();
          if (purge.due(now)) {
            AccessTables.purgeNonces(c, now);
          }
          return AccessTables.rememberNonce(c, keyId, nonce, expiresAt, now);
        });
  }

  @Override
  public long dataEpoch() {
    return Sql.call("read data epoch", () -> DataTables.epoch(c));
  }

  @Override
  public void putDataEpoch(long epoch) {
    Sql.call(
        "write data epoch",
        () -> {
          return writeAlone(() -> DataTables.putEpoch(c, epoch));
        });
  }

  @Override
  public Optional<String> shardEndpoint(NodeId id) {
    return Sql.call(
        "read shard endpoint of " + id,
        () -> {
          lockNode(id.value());
          return DataTables.endpoint(c, id);
        });
  }

  @Override
  public void putShardEndpoint(NodeId id, String endpoint) {
    Sql.call(
        "write shard endpoint of " + id,
        () -> {
          return writeNode(id.value(), () -> DataTables.putEndpoint(c, id, endpoint));
        });
  }

  @Override
  public Optional<Blob> blob(String id) {
    return Sql.call("read blob " + id, () -> BlobTables.get(c, id));
  }

  @Override
  public List<Blob> blobs() {
    return Sql.call("list blobs", () -> BlobTables.all(c));
  }

  @Override
  public void putBlob(Blob blob) {
    Sql.call(
        "write blob " + blob.id(),
        () -> {
          return writeAlone(() -> BlobTables.put(c, blob));
        });
  }

  @Override
  public List<Bytes> manifestHistory(String id) {
    return Sql.call("read manifests of " + id, () -> BlobTables.history(c, id));
  }

  @Override
  public List<RepairJob> repairJobs() {
    return Sql.call("list repair jobs", () -> DataTables.jobs(c));
  }

  @Override
  public void putRepairJob(RepairJob job) {
    Sql.call(
        "write repair of " + job.blobId(),
        () -> {
          return writeAlone(() -> DataTables.putJob(c, job));
        });
  }

  /** Appends {@code event} as the next audit log entry, in this transaction (see EventLog). */
  @Override
  public long append(Event event) {
    return Sql.call("append event " + event.action(), () -> EventLog.append(c, event));
  }

  /**
   * Keeps {@code event} for the commit ({@link GroupCommit} appends the entries of every work of a
   * group at once, just before committing). Encoded once now, so that an event which cannot be an
   * entry fails this work alone.
   */
  @Override
  public void appendAtCommit(Event event) {
    io.dooor.audit.AuditEntry entry = EventLog.entry(event);
    Sql.call("append event " + event.action(), () -> entry.withSeq(0).encode());
    atCommit.add(entry);
  }

  /** The entries kept by {@link #appendAtCommit}, in order. */
  List<io.dooor.audit.AuditEntry> entriesAtCommit() {
    return atCommit;
  }

  @Override
  public Optional<io.dooor.core.Lease> acquireLease(
      String duty, String holder, Instant now, java.time.Duration ttl) {
    return Sql.call(
        "take lease " + duty,
        () -> {
          alone();
          return ReplicaTables.acquire(c, duty, holder, now, ttl);
        });
  }

  @Override
  public Optional<io.dooor.core.Lease> leaseOf(String duty) {
    return Sql.call("read lease " + duty, () -> ReplicaTables.lease(c, duty));
  }

  @Override
  public boolean holdsLease(io.dooor.core.Lease lease, Instant now) {
    return Sql.call("check lease " + lease.duty(), () -> ReplicaTables.holds(c, lease, now));
  }

  @Override
  public io.dooor.common.Bytes createIdentity(String name, io.dooor.common.Bytes value) {
    return Sql.call(
        "create identity " + name,
        () -> {
          alone();
          return ReplicaTables.createIdentity(c, name, value);
        });
  }

  @Override
  public Optional<WorkloadRow> workload(String name) {
    return Sql.call("read workload " + name, () -> ProvisionTables.workload(c, name));
  }

  @Override
  public List<WorkloadRow> workloads() {
    return Sql.call("list workloads", () -> ProvisionTables.workloads(c));
  }

  @Override
  public void putWorkload(WorkloadRow row) {
    Sql.call(
        "write workload " + row.name(),
        () -> {
          return writeAlone(() -> ProvisionTables.putWorkload(c, row));
        });
  }

  @Override
  public List<Machine> machines(String workload) {
    return Sql.call("list machines of " + workload, () -> ProvisionTables.machines(c, workload));
  }

  @Override
  public void putMachine(Machine m) {
    Sql.call(
        "write machine " + m.id(),
        () -> {
          return writeAlone(() -> ProvisionTables.putMachine(c, m));
        });
  }

  @Override
  public Optional<JoinToken> joinToken(Bytes digest) {
    return Sql.call("read join token", () -> ProvisionTables.joinToken(c, digest));
  }

  @Override
  public void putJoinToken(JoinToken t) {
    Sql.call(
        "write join token",
        () -> {
          return writeAlone(() -> ProvisionTables.putJoinToken(c, t));
        });
  }

  @Override
  public Optional<io.dooor.core.proposal.Proposal> proposal(String id) {
    return Sql.call("read proposal " + id, () -> ProposalTables.proposal(c, id));
  }

  @Override
  public List<io.dooor.core.proposal.Proposal> proposals() {
    return Sql.call("list proposals", () -> ProposalTables.proposals(c));
  }

  @Override
  public void putProposal(io.dooor.core.proposal.Proposal p) {
    Sql.call(
        "write proposal " + p.id(),
        () -> {
          return writeAlone(() -> ProposalTables.put(c, p));
        });
  }

  @Override
  public List<CredentialRow> credentials() {
    return Sql.call("list credentials", () -> CredentialTable.all(c));
  }

  @Override
  public List<CredentialRow> credentials(String provider, String name) {
    return Sql.call(
        "read credential " + provider + "/" + name, () -> CredentialTable.of(c, provider, name));
  }

  @Override
  public void putCredential(CredentialRow row) {
    Sql.call(
        "write credential " + row.provider() + "/" + row.name() + " v" + row.version(),
        () -> {
          return writeAlone(() -> CredentialTable.put(c, row));
        });
  }

  @Override
  public void deleteCredential(String provider, String name, long version) {
    Sql.call(
        "erase credential " + provider + "/" + name + " v" + version,
        () -> {
          return writeAlone(() -> CredentialTable.delete(c, provider, name, version));
        });
  }

  /**
   * Writes node {@code id}'s rows with {@code r}, holding that node's lock until commit: the only
   * way this class writes a node's rows, so that no write runs unlocked beside another transaction.
   */
  private Void writeNode(String id, SqlRunnable r) throws SQLException {
    lockNode(id);
    r.run();
    return null;
  }

  /**
   * Writes any other table with {@code r}, running alone until commit: the only way this class
   * writes outside a node's rows.
   */
  private Void writeAlone(SqlRunnable r) throws SQLException {
    alone();
    r.run();
    return null;
  }

  @FunctionalInterface
  private interface SqlRunnable {
    void run() throws SQLException;
  }
}

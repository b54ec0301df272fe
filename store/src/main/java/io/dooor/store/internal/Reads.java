package io.dooor.store.internal;

import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeEvidence;
import io.dooor.core.NodeId;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.RepairJob;
import io.dooor.core.Role;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads outside transactions, each on a reader connection in auto-commit: committed data only. */
public final class Reads {
  private final Database db;

  public Reads(Database db) {
    this.db = db;
  }

  public Optional<Node> node(NodeId id) {
    return read("read node " + id, c -> NodeTable.get(c, id));
  }

  public List<Node> nodes() {
    return read("list nodes", NodeTable::all);
  }

  public Optional<NodeEvidence> evidence(NodeId id) {
    return read("read evidence of " + id, c -> EvidenceTable.get(c, id));
  }

  public Optional<Policy> policy(String workload) {
    return read("read policy " + workload, c -> PolicyTable.latest(c, workload));
  }

  public List<Policy> policies() {
    return read("list policies", PolicyTable::allLatest);
  }

  public Set<Role> roles(Principal principal) {
    return read("read roles of " + principal, c -> AccessTables.roles(c, principal));
  }

  public Map<Principal, Set<Role>> principals() {
    return read("list principals", AccessTables::principals);
  }

  public List<Event> events(long from, long to) {
    return read("read events", c -> EventLog.range(c, from, to));
  }

  public List<io.dooor.core.Lease> leases() {
    return read("list leases", ReplicaTables::leases);
  }

  public Optional<io.dooor.common.Bytes> identity(String name) {
    return read("read identity " + name, c -> ReplicaTables.identity(c, name));
  }

  public List<io.dooor.core.provision.WorkloadRow> workloads() {
    return read("list workloads", ProvisionTables::workloads);
  }

  public List<io.dooor.core.provision.Machine> machines() {
    return read("list machines", ProvisionTables::machines);
  }

  public long eventCount() {
    return read("count events", EventLog::count);
  }

  public long dataEpoch() {
    return read("read data epoch", DataTables::epoch);
  }

  public Optional<String> shardEndpoint(NodeId id) {
    return read("read shard endpoint of " + id, c -> DataTables.endpoint(c, id));
  }

  public Optional<Blob> blob(String id) {
    return read("read blob " + id, c -> BlobTables.get(c, id));
  }

  public List<Blob> blobs() {
    return read("list blobs", BlobTables::all);
  }

  public List<Bytes> manifestHistory(String id) {
    return read("read manifests of " + id, c -> BlobTables.history(c, id));
  }

  public List<RepairJob> repairJobs() {
    return read("list repair jobs", DataTables::jobs);
  }

  private <T> T read(String what, Query<T> query) {
    return Sql.call(
        what,
        () -> {
          Connection c = db.reader();
          try {
            return query.run(c);
          } finally {
            db.releaseReader(c);
          }
        });
  }

  @FunctionalInterface
  private interface Query<T> {
    T run(Connection c) throws SQLException;
  }
}

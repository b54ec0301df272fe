package io.dooor.core.memory;

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
import io.dooor.core.port.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Store} in memory, for running the control plane without a database (tests, tools). It
 * keeps every promise of the port except durability: transactions run one at a time (serializable)
 * on a private copy of the state and publish it whole on commit, so a transaction that throws
 * leaves nothing behind; the event sequence is gap-free; request nonces are remembered until they
 * expire. Thread-safe. Each transaction copies the state: meant for small fleets.
 */
public final class InMemoryStore implements Store {
  private final Clock clock;
  private final ReentrantLock writer = new ReentrantLock();
  private volatile State committed = State.empty();

  /** A store whose nonces expire by {@code clock}. */
  public InMemoryStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public <T, E extends Exception> T inTransaction(Work<T, E> work) throws E {
    if (writer.isHeldByCurrentThread()) {
      throw new IllegalStateException("nested transaction: a transaction is already open");
    }
    writer.lock();
    try {
      State working = committed.copy();
      T result = work.run(new MemoryTx(working, clock));
      committed = working;
      return result;
    } finally {
      writer.unlock();
    }
  }

  @Override
  public Optional<Node> node(NodeId id) {
    return committed.node(id);
  }

  @Override
  public List<Node> nodes() {
    return committed.nodes();
  }

  @Override
  public Optional<NodeEvidence> evidence(NodeId id) {
    return committed.evidence(id);
  }

  @Override
  public Optional<Policy> policy(String workload) {
    return committed.policy(workload);
  }

  @Override
  public Set<Role> roles(Principal principal) {
    return committed.roles(principal);
  }

  @Override
  public Map<Principal, Set<Role>> principals() {
    return committed.principals();
  }

  @Override
  public long dataEpoch() {
    return committed.dataEpoch();
  }

  @Override
  public Optional<String> shardEndpoint(NodeId id) {
    return committed.shardEndpoint(id);
  }

  @Override
  public Optional<Blob> blob(String id) {
    return committed.blob(id);
  }

  @Override
  public List<Blob> blobs() {
    return committed.blobs();
  }

  @Override
  public List<Bytes> manifestHistory(String id) {
    return committed.manifestHistory(id);
  }

  @Override
  public List<RepairJob> repairJobs() {
    return committed.repairJobs();
  }

  @Override
  public List<io.dooor.core.provision.WorkloadRow> workloads() {
    return committed.provision.workloads().stream()
        .sorted(java.util.Comparator.comparing(io.dooor.core.provision.WorkloadRow::name))
        .toList();
  }

  @Override
  public List<io.dooor.core.provision.Machine> machines() {
    return committed.provision.machines();
  }

  @Override
  public List<Policy> policies() {
    return List.copyOf(committed.policies.values());
  }

  @Override
  public List<Event> events(long from, long to) {
    List<Event> all = committed.events;
    int start = (int) Math.max(0, Math.min(from, all.size()));
    int end = (int) Math.max(start, Math.min(to, all.size()));
    return List.copyOf(all.subList(start, end));
  }

  @Override
  public long eventCount() {
    return committed.events.size();
  }

  @Override
  public List<io.dooor.core.Lease> leases() {
    return committed.replicas.leases();
  }

  @Override
  public Optional<io.dooor.common.Bytes> identity(String name) {
    return committed.replicas.identity(name);
  }

  /** Nothing to release. */
  @Override
  public void close() {}
}

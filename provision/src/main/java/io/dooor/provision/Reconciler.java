package io.dooor.provision;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Lease;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.NodeState;
import io.dooor.core.port.Store;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.MachineState;
import io.dooor.core.provision.WorkloadRow;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The desired-state reconciler (issue 14). One pass over a workload, under its lease ({@link
 * Lease}, the one lease of background duties, DESIGN §8):
 *
 * <ol>
 *   <li>machines recorded but not yet acknowledged (a crash between the record and the create call)
 *       are created again with their recorded client token: the provider answers the same machine,
 *       never a second one;
 *   <li>machines whose node was DEACTIVATED, or stayed UNREACHABLE longer than the spec allows
 *       (deactivated first), are terminated; so are machines whose node never became ACTIVE within
 *       the spec's {@code activate_within_seconds}, and machines whose node id was registered under
 *       another key than the one that redeemed the machine's join token (not counted, reported as
 *       {@value #FOREIGN_NODE});
 *   <li>draining machines are deactivated once drained for the spec's drain time, then terminated;
 *   <li>too few machines: new ones are recorded (with client token and join token) and created; too
 *       many: the surplus (nodes not ACTIVE first, then the newest) are drained.
 * </ol>
 *
 * Each record is written before the provider call it announces, and each answer after it, so a pass
 * interrupted anywhere (kill -9) is resumed by the next without duplicates. Every write checks the
 * lease's fencing token in its own transaction ({@link Fence}); the lease is renewed before a
 * provider call when half its time is gone. A deleted workload whose machines are all terminated is
 * not visited: its lease is not renewed and runs out. Drains and deactivations go through the
 * {@link ControlPlane} as the controller who applied the spec in force (its role is checked as for
 * any request). Every provider call is an audit event with the provider's request id ({@link
 * ProviderCalls}).
 */
public final class Reconciler {
  /** How long a replica's lease on a workload lasts unless renewed (each pass renews it). */
  public static final Duration LEASE_TTL = Duration.ofSeconds(10);

  /** How many workloads a pass over all reconciles at once by default (provider calls overlap). */
  public static final int DEFAULT_PARALLEL = 8;

  /** Most leases taken or renewed in one write transaction. */
  static final int LEASES_PER_TRANSACTION = 500;

  /** The audit action reporting a machine whose node registered under a foreign key. */
  public static final String FOREIGN_NODE = "machine.foreign_node";

  private final Store store;
  private final ControlPlane plane;
  private final Workloads workloads;
  private final ProviderCatalog catalog;
  private final JoinTokens tokens;
  private final String replica;
  private final ProviderCalls calls;
  private final String controlPlaneUrl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Map<String, Lease> held = new ConcurrentHashMap<>();
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor pool;

  /** A workload's spec version, parsed once. */
  private record Parsed(long version, WorkloadSpec spec) {}

  /** What one read transaction saw of a workload: its spec in force and its machines. */
  private record Snapshot(WorkloadRow row, List<Machine> machines) {
    boolean finished() {
      return row.deleted() && machines.stream().allMatch(m -> m.state() == MachineState.TERMINATED);
    }
  }

  public Reconciler(
      Store store,
      ControlPlane plane,
      Workloads workloads,
      ProviderCatalog catalog,
      JoinTokens tokens,
      String replica,
      String controlPlaneUrl,
      Clock clock) {
    this(
        store,
        plane,
        workloads,
        catalog,
        tokens,
        replica,
        controlPlaneUrl,
        clock,
        DEFAULT_PARALLEL);
  }

  /**
   * As above, reconciling at most {@code parallel} workloads at once in a pass over all (1: one
   * after the other, on the calling thread). Its threads ({@code dooor-reconcile-N}, daemons) end
   * when idle for 30 s.
   */
  public Reconciler(
      Store store,
      ControlPlane plane,
      Workloads workloads,
      ProviderCatalog catalog,
      JoinTokens tokens,
      String replica,
      String controlPlaneUrl,
      Clock clock,
      int parallel) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1");
    }
    this.pool =
        new ThreadPoolExecutor(
            parallel,
            parallel,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "dooor-reconcile-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.pool.allowCoreThreadTimeOut(true);
    this.store = store;
    this.plane = plane;
    this.workloads = workloads;
    this.catalog = catalog;
    this.tokens = tokens;
    this.replica = replica;
    this.calls = new ProviderCalls(store, clock);
    this.controlPlaneUrl = controlPlaneUrl;
    this.clock = clock;
  }

  /**
   * One pass over every workload; returns how many were reconciled (lease held). Reads outside the
   * write path, in three queries: every workload's spec in force, every machine, every node. The
   * leases that are due (less than half their time left, or not held) are taken or renewed together
   * ({@link ControlPlane#acquireLeases}, {@value #LEASES_PER_TRANSACTION} a transaction), so a pass
   * that changes nothing writes nothing in most passes and one transaction when the leases come
   * due. The machines read are used only under a lease this replica already held, with the same
   * fencing token, before they were read (no other replica can have written them since); a workload
   * whose lease is newly taken is read again under it. Workloads are reconciled up to {@code
   * parallel} at once; the first failure of any (e.g. a provider adapter's bug) is thrown once all
   * have ended.
   */
  public int reconcileAll() {
    Map<String, Lease> before = Map.copyOf(held);
    List<WorkloadRow> rows = store.workloads();
    Map<String, List<Machine>> machines = new HashMap<>();
    for (Machine m : store.machines()) {
      machines.computeIfAbsent(m.workload(), k -> new ArrayList<>()).add(m);
    }
    List<Snapshot> todo = new ArrayList<>();
    for (WorkloadRow row : rows) {
      Snapshot s = new Snapshot(row, machines.getOrDefault(row.name(), List.of()));
      if (s.finished()) {
        held.remove(row.name());
      } else {
        todo.add(s);
      }
    }
    Map<String, Lease> leases = leasesFor(todo.stream().map(s -> s.row().name()).toList());
    Map<NodeId, Node> nodes = new HashMap<>();
    for (Node n : store.nodes()) {
      nodes.put(n.id(), n);
    }
    List<Callable<Boolean>> passes = new ArrayList<>();
    for (Snapshot s : todo) {
      String name = s.row().name();
      Lease lease = leases.get(name);
      if (lease == null) {
        continue;
      }
      Lease was = before.get(name);
      boolean fresh = was != null && was.sameHolding(lease);
      passes.add(
          () -> {
            Snapshot seen = fresh ? s : reread(name).orElse(null);
            if (seen == null) {
              return false;
            }
            return run(
                name,
                lease,
                seen,
                new Nodes(id -> Optional.ofNullable(nodes.get(id)), spec(seen.row()), clock));
          });
    }
    return count(passes);
  }

  /** Runs the passes, up to the pool's size at once; how many reconciled. */
  private int count(List<Callable<Boolean>> passes) {
    int done = 0;
    if (pool.getMaximumPoolSize() == 1 || passes.size() <= 1) {
      for (Callable<Boolean> p : passes) {
        if (call(p)) {
          done++;
        }
      }
      return done;
    }
    List<Future<Boolean>> running = new ArrayList<>();
    for (Callable<Boolean> p : passes) {
      running.add(pool.submit(() -> call(p)));
    }
    RuntimeException first = null;
    for (Future<Boolean> f : running) {
      try {
        if (f.get()) {
          done++;
        }
      } catch (ExecutionException e) {
        RuntimeException failure =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause());
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.forEach(r -> r.cancel(true));
        throw new IllegalStateException("interrupted in a reconciler pass", e);
      }
    }
    if (first != null) {
      throw first;
    }
    return done;
  }

  private static boolean call(Callable<Boolean> pass) {
    try {
      return pass.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The workload's snapshot read under its lease (one read transaction). */
  private Optional<Snapshot> reread(String name) {
    Optional<Snapshot> seen = store.inTransaction(tx -> snapshot(tx, name));
    if (seen.isEmpty() || seen.get().finished()) {
      return Optional.empty();
    }
    return seen;
  }

  /**
   * One pass over the workload; false if another replica holds its lease, or if there is nothing to
   * do ever again (deleted, every machine terminated: its lease is left to run out).
   */
  public boolean reconcile(String name) {
    Lease was = held.get(name);
    Optional<Snapshot> seen = store.inTransaction(tx -> snapshot(tx, name));
    if (seen.isEmpty() || seen.get().finished()) {
      held.remove(name);
      return false;
    }
    Optional<Lease> lease = leaseFor(name);
    if (lease.isEmpty()) {
      return false;
    }
    if (was == null || !was.sameHolding(lease.get())) {
      seen = reread(name);
      if (seen.isEmpty()) {
        return false;
      }
    }
    return run(name, lease.get(), seen.get(), new Nodes(store, spec(seen.get().row()), clock));
  }

  private boolean run(String name, Lease lease, Snapshot seen, Nodes nodes) {
    Pass pass = new Pass(name, lease, seen, nodes);
    try {
      pass.run();
    } catch (LeaseLostException e) {
      return false;
    }
    return true;
  }

  /**
   * The leases of {@code names} this replica holds after taking or renewing, in as few write
   * transactions as {@value #LEASES_PER_TRANSACTION} allow, those with less than half their time
   * left; the others as held.
   */
  private Map<String, Lease> leasesFor(List<String> names) {
    Instant half = clock.instant().plus(LEASE_TTL.dividedBy(2));
    Map<String, Lease> out = new HashMap<>();
    List<String> due = new ArrayList<>();
    for (String name : names) {
      Lease mine = held.get(name);
      if (mine != null && mine.heldAt(half)) {
        out.put(name, mine);
      } else {
        due.add(name);
      }
    }
    for (int i = 0; i < due.size(); i += LEASES_PER_TRANSACTION) {
      List<String> chunk = due.subList(i, Math.min(due.size(), i + LEASES_PER_TRANSACTION));
      Map<String, Lease> taken;
      try {
        taken =
            plane.acquireLeases(chunk.stream().map(Reconciler::duty).toList(), replica, LEASE_TTL);
      } catch (ControlPlaneException e) {
        taken = Map.of();
      }
      for (String name : chunk) {
        Lease l = taken.get(duty(name));
        if (l == null) {
          held.remove(name);
        } else {
          held.put(name, l);
          out.put(name, l);
        }
      }
    }
    return out;
  }

  /** The lease's duty name for workload {@code name}. */
  public static String duty(String name) {
    return "reconcile:" + name;
  }

  private static Optional<Snapshot> snapshot(Store.Tx tx, String name) {
    return tx.workload(name).map(row -> new Snapshot(row, tx.machines(name)));
  }

  /**
   * The workload's lease: the one this replica holds while more than half its time is left (no
   * write: every write of the pass checks it anyway), else taken or renewed in the store.
   */
  private Optional<Lease> leaseFor(String name) {
    Lease mine = held.get(name);
    if (mine != null && mine.heldAt(clock.instant().plus(LEASE_TTL.dividedBy(2)))) {
      return Optional.of(mine);
    }
    return acquire(name);
  }

  private Optional<Lease> acquire(String name) {
    Optional<Lease> lease;
    try {
      lease = plane.acquireLease(duty(name), replica, LEASE_TTL);
    } catch (ControlPlaneException e) {
      lease = Optional.empty();
    }
    lease.ifPresentOrElse(l -> held.put(name, l), () -> held.remove(name));
    return lease;
  }

  /** The spec in force, parsed once per version. */
  private WorkloadSpec spec(WorkloadRow row) {
    Parsed p = parsed.get(row.name());
    if (p == null || p.version() != row.version()) {
      p = new Parsed(row.version(), workloads.spec(row));
      parsed.put(row.name(), p);
    }
    return p.spec();
  }

  /** The state of one workload as one pass sees it. */
  private final class Pass {
    private final String name;
    private final WorkloadRow row;
    private final WorkloadSpec spec;
    private final Nodes nodes;
    private final List<Machine> seen;
    private Fence fence;
    private boolean changed;

    Pass(String name, Lease lease, Snapshot snapshot, Nodes nodes) {
      this.name = name;
      this.fence = new Fence(lease, clock);
      this.row = snapshot.row();
      this.spec = spec(row);
      this.nodes = nodes;
      this.seen = snapshot.machines();
    }

    void run() {
      // A pass over all workloads takes their leases together at its start; a workload reached
      // later (a long pass) renews its own first, so its first write is not refused.
      renewIfDue();
      for (Machine m : seen) {
        switch (m.state()) {
          case REQUESTED -> create(m);
          case RUNNING -> checkRunning(m);
          case DRAINING -> checkDraining(m);
          case TERMINATED -> {}
        }
      }
      resize();
    }

    /** The machines now: as first seen, unless this pass changed any. */
    private List<Machine> machines() {
      return changed ? store.inTransaction(tx -> tx.machines(name)) : seen;
    }

    /** A fenced write transaction of this pass. */
    private void write(Store.Work<Void, RuntimeException> work) {
      changed = true;
      store.inTransaction(
          tx -> {
            fence.check(tx);
            return work.run(tx);
          });
    }

    private Caller applier() {
      return new Caller(row.updatedBy(), Bytes.empty(), Bytes.empty());
    }

    private void checkRunning(Machine m) {
      Optional<Node> node = nodes.node(m);
      if (node.isPresent() && !Nodes.joinedAs(m, node.get())) {
        reportForeign(m, node.get());
        terminate(m, "node registered under another key than the one that joined");
      } else if (nodes.neverActiveInTime(m, node)) {
        node.filter(n -> !n.state().isTerminal()).ifPresent(n -> deactivate(n, notActiveWithin()));
        terminate(m, notActiveWithin());
      } else if (node.isPresent() && node.get().state() == NodeState.DEACTIVATED) {
        terminate(m, "node deactivated: " + node.get().reason());
      } else if (node.isPresent() && nodes.unreachableTooLong(node.get())) {
        deactivate(
            node.get(), "unreachable for longer than " + spec.replaceUnreachableSeconds() + "s");
        terminate(m, "node unreachable");
      }
    }

    private String notActiveWithin() {
      return "not ACTIVE within " + spec.activateWithinSeconds() + "s";
    }

    private void reportForeign(Machine m, Node n) {
      write(
          tx -> {
            calls.report(
                tx,
                FOREIGN_NODE,
                m,
                "node " + n.id() + " registered under another key than the one that joined",
                Map.of("node_principal", n.principal().toString(), "joined_by", m.joinedBy()));
            return null;
          });
    }

    private void checkDraining(Machine m) {
      Optional<Node> node = nodes.node(m);
      boolean drained = !clock.instant().isBefore(m.updatedAt().plusSeconds(spec.drainSeconds()));
      if (node.isPresent() && !node.get().state().isTerminal() && Nodes.joinedAs(m, node.get())) {
        if (!drained) {
          return;
        }
        deactivate(node.get(), "scaled down: drained for " + spec.drainSeconds() + "s");
      }
      terminate(m, "scaled down");
    }

    private void resize() {
      List<Machine> live =
          new ArrayList<>(
              machines().stream()
                  .filter(
                      m -> m.state() == MachineState.REQUESTED || m.state() == MachineState.RUNNING)
                  .toList());
      int want = row.deleted() ? 0 : spec.count();
      while (live.size() < want) {
        Machine m = record(place(live));
        live.add(m);
        create(m);
      }
      if (live.size() > want) {
        surplus(live, live.size() - want).forEach(this::drain);
      }
    }

    /** The placement with the fewest live machines per unit of weight (first on ties). */
    private WorkloadSpec.Placement place(List<Machine> live) {
      return spec.placement().stream()
          .min(
              Comparator.comparingDouble(
                  p ->
                      live.stream()
                              .filter(
                                  m ->
                                      m.provider().equals(p.provider())
                                          && m.region().equals(p.region()))
                              .count()
                          / (double) p.weight()))
          .orElseThrow();
    }

    /** Which machines to remove: those whose node is not ACTIVE first, then the newest. */
    private List<Machine> surplus(List<Machine> live, int n) {
      List<Machine> order = new ArrayList<>(live);
      order.sort(
          Comparator.comparing((Machine m) -> nodes.isActive(m) ? 1 : 0)
              .thenComparing(Machine::createdAt, Comparator.reverseOrder()));
      return order.subList(0, n);
    }

    /** Records a new machine (REQUESTED, with its client token) before any provider call. */
    private Machine record(WorkloadSpec.Placement p) {
      Instant now = clock.instant();
      String id = name + "-" + hex(4);
      Machine m =
          new Machine(
              id,
              name,
              p.provider(),
              p.region(),
              "dooor-" + hex(16),
              "",
              MachineState.REQUESTED,
              "",
              now,
              now);
      write(
          tx -> {
            tx.putMachine(m);
            calls.record(tx, "machine.request", m, "", Map.of());
            return null;
          });
      return m;
    }

    /** The create call (again, for a resumed machine: same client token, fresh join token). */
    private void create(Machine m) {
      renewIfDue();
      changed = true;
      SecretBytes join =
          store.inTransaction(
              tx -> {
                fence.check(tx);
                return tokens.mint(tx, m);
              });
      Provider p = catalog.provider(m.provider()).orElseThrow();
      MachineRequest req =
          new MachineRequest(m.id(), spec, m.region(), m.clientToken(), join, controlPlaneUrl);
      calls.call(
          fence,
          m,
          "provider.create",
          () -> p.create(req),
          answer ->
              m.withProviderRef(answer.providerRef(), clock.instant())
                  .with(MachineState.RUNNING, clock.instant()));
    }

    private void terminate(Machine m, String why) {
      renewIfDue();
      changed = true;
      Provider p = catalog.provider(m.provider()).orElseThrow();
      calls.call(
          fence,
          m,
          "provider.terminate",
          () -> p.terminate(m.region(), m.providerRef()),
          answer -> m.with(MachineState.TERMINATED, clock.instant()),
          why);
    }

    /**
     * Renews the lease before a provider call once half its time is gone (a slow provider must not
     * outlast it); a lease taken over meanwhile stops the pass.
     */
    private void renewIfDue() {
      Instant half = fence.lease().expiresAt().minus(LEASE_TTL.dividedBy(2));
      if (clock.instant().isBefore(half)) {
        return;
      }
      Lease renewed =
          acquire(name)
              .filter(l -> l.sameHolding(fence.lease()))
              .orElseThrow(() -> new LeaseLostException("lease " + duty(name) + " taken over"));
      fence = new Fence(renewed, clock);
    }

    private void drain(Machine m) {
      Optional<Node> node = nodes.node(m).filter(n -> Nodes.joinedAs(m, n));
      if (node.isPresent()) {
        NodeState s = node.get().state();
        if (s == NodeState.ACTIVE || s == NodeState.UNREACHABLE) {
          try {
            plane.drainNode(applier(), node.get().id(), "scaled down to " + spec.count());
          } catch (ControlPlaneException e) {
            return;
          }
        }
      }
      write(
          tx -> {
            Machine draining = m.with(MachineState.DRAINING, clock.instant());
            tx.putMachine(draining);
            calls.record(tx, "machine.drain", draining, "", Map.of());
            return null;
          });
    }

    private void deactivate(Node n, String why) {
      try {
        plane.deactivateNode(applier(), n.id(), why);
      } catch (ControlPlaneException e) {
        // Already deactivated, or the applier lost its role: recorded by the control plane.
      }
    }
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}

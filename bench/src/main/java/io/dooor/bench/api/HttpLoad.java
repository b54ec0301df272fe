package io.dooor.bench.api;

import io.dooor.attestation.sim.SimTee;
import io.dooor.bench.CpuTimes;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.ReportDataBinding;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load run against a real control plane on loopback, with a client as light as wrk:
 * each client thread owns one keep-alive HTTP/1.1 connection over a plain socket. Every request is
 * RFC 9421-signed; GET requests are signed before the timed phase (each has its own nonce, all
 * within the server's 60 s window), so the timed phase measures the server, not the signer.
 * Admissions cannot be signed ahead (the second request signs the server's challenge), so their
 * client-side signing is measured too and reported separately as client CPU.
 *
 * <p>Reports throughput, latency percentiles, and server CPU per request (process CPU minus the
 * client threads' CPU).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dooor.bench.api.HttpLoad [connections]
 * [admissions] [gets]}
 */
public final class HttpLoad {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    int conns = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int admissions = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    int gets = args.length > 2 ? Integer.parseInt(args[2]) : 40000;
    Path dir = Files.createTempDirectory("dooor-load");
    try (Deployment d = Deployment.start(DeploymentConfig.embedded(dir, 0))) {
      URI url = URI.create("http://127.0.0.1:" + d.port());
      Identity controller = Identity.generate();
      d.plane().init(controller.principal());
      ApiClient admin = new ApiClient(url, controller);
      admin.put(
          "/v1/policies/load",
          new Dto.PolicyBody(
              List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 3600L, 300L),
          Dto.PolicyView.class);
      SimTee tee = d.simTee().orElseThrow();
      ExecutorService pool = Executors.newFixedThreadPool(conns);
      try {
        System.out.println("warm-up (the JIT compiles for a minute or more on two cores):");
        admissions(d.port(), pool, conns, admissions, tee, "w");
        gets(d.port(), pool, conns, gets, controller, Math.min(admissions, 100));
        System.out.println("measured:");
        admissions(d.port(), pool, conns, admissions, tee, "n");
        gets(d.port(), pool, conns, gets, controller, Math.min(admissions, 100));
      } finally {
        pool.shutdown();
      }
    }
  }

  private static void admissions(
      int port, ExecutorService pool, int conns, int n, SimTee tee, String prefix)
      throws Exception {
    // key generation is set-up, not admission work
    Identity[] keys = new Identity[n];
    for (int i = 0; i < n; i++) {
      keys[i] = Identity.generate();
    }
    AtomicInteger next = new AtomicInteger();
    long[] lat = new long[n];
    Run run =
        run(
            pool,
            conns,
            port,
            c -> {
              int i;
              while ((i = next.getAndIncrement()) < n) {
                long s = System.nanoTime();
                admit(c, tee, keys[i], prefix + i);
                lat[i] = System.nanoTime() - s;
              }
            });
    run.print("admissions (register + sim attestation + ACTIVE)", n, lat, conns);
  }

  static void admit(Connection c, SimTee tee, Identity key, String id) throws IOException {
    RequestSigner signer = new RequestSigner(key);
    Bytes platform = Bytes.of(Arrays.copyOf(key.principal().toBytes(), 16));
    Bytes initial =
        tee.report(
                ReportDataBinding.expected(Bytes.of(new byte[32]), key.publicKeySpki()),
                Bytes.of(new byte[48]),
                platform,
                false)
            .encode();
    byte[] body =
        Json.write(
            new Dto.RegisterNode(
                id, "load", "sim", key.publicKeySpki().base64(), initial.base64()));
    Reply r = c.exchange(signed(signer, "POST", "/v1/nodes", body));
    r.expect(201);
    Dto.Registered reg = Json.MAPPER.readValue(r.body, Dto.Registered.class);
    Bytes ev =
        tee.report(
                ReportDataBinding.expected(
                    Bytes.fromBase64(reg.challenge().nonce()), key.publicKeySpki()),
                Bytes.of(new byte[48]),
                platform,
                false)
            .encode();
    byte[] attest = Json.write(new Dto.Attest(ev.base64()));
    c.exchange(signed(signer, "POST", "/v1/nodes/" + id + "/attestation", attest)).expect(200);
  }

  /** Requests signed in one round stay within the signature window (60 s). */
  static final int SIGNED_ROUND = 5000;

  private static void gets(
      int port, ExecutorService pool, int conns, int n, Identity caller, int nodes)
      throws Exception {
    long[] lat = new long[n];
    Run total =
        signedGets(
            pool, conns, port, new RequestSigner(caller), n, i -> "/v1/nodes/w" + (i % nodes), lat);
    total.print("authenticated GET /v1/nodes/{id} (pre-signed)", n, lat, conns);
  }

  /**
   * {@code n} GETs of {@code path(i)} expecting 200, in rounds: each round is signed untimed, then
   * sent timed over {@code conns} keep-alive connections, so no signature outlives its window.
   * Latencies land in {@code lat}.
   */
  static Run signedGets(
      ExecutorService pool,
      int conns,
      int port,
      RequestSigner signer,
      int n,
      java.util.function.IntFunction<String> path,
      long[] lat)
      throws Exception {
    Run total = new Run(0, 0, 0, Map.of(), Map.of());
    for (int from = 0; from < n; from += SIGNED_ROUND) {
      final int start = from;
      final int to = Math.min(n, from + SIGNED_ROUND);
      byte[][] requests = new byte[to - from][];
      for (int i = from; i < to; i++) {
        requests[i - start] = signed(signer, "GET", path.apply(i), new byte[0]);
      }
      AtomicInteger next = new AtomicInteger(from);
      Run r =
          run(
              pool,
              conns,
              port,
              c -> {
                int i;
                while ((i = next.getAndIncrement()) < to) {
                  long s = System.nanoTime();
                  c.exchange(requests[i - start]).expect(200);
                  lat[i] = System.nanoTime() - s;
                }
              });
      total = total.plus(r);
    }
    return total;
  }

  /** A signed request for {@code target} (a raw path, with a raw query after '?' if any). */
  static byte[] signed(RequestSigner signer, String method, String target, byte[] body) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    StringBuilder head = new StringBuilder(768);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    for (Map.Entry<String, String> h :
        signer.sign(method, path, query, Bytes.of(body)).entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (body.length > 0) {
      head.append("Content-Type: application/json\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    return out;
  }

  interface Work {
    void run(Connection c) throws Exception;
  }

  static Run run(ExecutorService pool, int conns, int port, Work work) throws Exception {
    Map<String, Long> groups0 = cpuByGroup();
    long cpu0 = CpuTimes.processCpuNanos();
    long t0 = System.nanoTime();
    List<Future<Long>> fs = new ArrayList<>();
    for (int t = 0; t < conns; t++) {
      Callable<Long> task =
          () -> {
            long c0 = THREADS.getCurrentThreadCpuTime();
            try (Connection c = new Connection(port)) {
              work.run(c);
            }
            return THREADS.getCurrentThreadCpuTime() - c0;
          };
      fs.add(pool.submit(task));
    }
    long clientCpu = 0;
    for (Future<Long> f : fs) {
      clientCpu += f.get();
    }
    long wall = System.nanoTime() - t0;
    return new Run(wall, CpuTimes.processCpuNanos() - cpu0, clientCpu, groups0, cpuByGroup());
  }

  /** CPU ticks per thread group (JIT, GC, Jetty, other) from /proc/self/task; empty if absent. */
  static Map<String, Long> cpuByGroup() {
    Map<String, Long> out = new java.util.TreeMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (java.util.stream.Stream<Path> ts = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) ts::iterator) {
        try {
          String comm = Files.readString(t.resolve("comm")).trim();
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          out.merge(group(comm), ticks, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended while being read
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  private static String group(String comm) {
    if (comm.startsWith("C1 ") || comm.startsWith("C2 ")) {
      return "jit";
    }
    if (comm.startsWith("GC ") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
      return "gc";
    }
    if (comm.startsWith("JettyServerThr")) {
      return "jetty";
    }
    if (comm.startsWith("pool-")) {
      return "client";
    }
    return "other";
  }

  private static String cpuDelta(Map<String, Long> before, Map<String, Long> after, int n) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      // USER_HZ is 100 on Linux: one tick is 10 ms
      b.append(String.format(Locale.ROOT, " %s %.0f", e.getKey(), d * 10_000.0 / n));
    }
    return b.toString();
  }

  record Run(
      long wallNanos,
      long processCpuNanos,
      long clientCpuNanos,
      Map<String, Long> groupsBefore,
      Map<String, Long> groupsAfter) {
    Run plus(Run o) {
      if (wallNanos == 0) {
        return o;
      }
      return new Run(
          wallNanos + o.wallNanos,
          processCpuNanos + o.processCpuNanos,
          clientCpuNanos + o.clientCpuNanos,
          groupsBefore,
          o.groupsAfter);
    }

    void print(String what, int n, long[] lat, int conns) {
      Arrays.sort(lat);
      double secs = wallNanos / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%s: %d in %.2f s = %.0f/s over %d connections; p50 %.2f ms, p99 %.2f ms;"
              + " server CPU %.0f us/op, client CPU %.0f us/op%n",
          what,
          n,
          secs,
          n / secs,
          conns,
          lat[n / 2] / 1e6,
          lat[(int) (n * 0.99)] / 1e6,
          (processCpuNanos - clientCpuNanos) / 1e3 / n,
          clientCpuNanos / 1e3 / n);
      System.out.println("  CPU us/op by thread group:" + cpuDelta(groupsBefore, groupsAfter, n));
    }
  }

  record Reply(int status, byte[] body) {
    void expect(int want) throws IOException {
      if (status != want) {
        throw new IOException(
            "HTTP "
                + status
                + " (wanted "
                + want
                + "): "
                + new String(body, StandardCharsets.UTF_8));
      }
    }
  }

  /** One keep-alive HTTP/1.1 connection; reads Content-Length and chunked responses. */
  static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(60_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16384);
    }

    Reply exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      int length = -1;
      boolean chunked = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      if (chunked) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().trim(), 16);
            size > 0;
            size = Integer.parseInt(line().trim(), 16)) {
          body.write(in.readNBytes(size));
          line();
        }
        line();
        return new Reply(code, body.toByteArray());
      }
      if (length < 0) {
        throw new IOException("response without Content-Length");
      }
      return new Reply(code, in.readNBytes(length));
    }

    private String line() throws IOException {
      StringBuilder b = new StringBuilder(64);
      for (int ch = in.read(); ch != '\n'; ch = in.read()) {
        if (ch < 0) {
          throw new IOException("connection closed by the server");
        }
        if (ch != '\r') {
          b.append((char) ch);
        }
      }
      return b.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}

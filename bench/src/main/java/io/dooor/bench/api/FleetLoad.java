package io.dooor.bench.api;

import io.dooor.attestation.sim.SimTee;
import io.dooor.bench.api.HttpLoad.Connection;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet of light agents (many per JVM) heartbeating a real control plane on loopback, open loop:
 * agent {@code i} beats at {@code t0 + i * interval / N + k * interval}, whatever the server's
 * speed, and each latency runs from the moment the beat was due (so queueing counts: no coordinated
 * omission) to the server's answer. Each beat is signed when it is sent (RFC 9421, its own nonce),
 * as a real agent does, on one of {@code connections} keep-alive connections.
 *
 * <p>Reports heartbeats/s, p50/p99/max latency, server CPU per beat, and how many nodes the sweep
 * marked UNREACHABLE (there should be none: every agent beats three times per heartbeat timeout).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dooor.bench.api.FleetLoad [agents]
 * [interval-s] [measured-s] [connections]}
 */
public final class FleetLoad {
  private FleetLoad() {}

  public static void main(String[] args) throws Exception {
    int agents = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int interval = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int measured = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    int conns = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    Path dir = Files.createTempDirectory("dooor-fleet");
    DeploymentConfig config =
        DeploymentConfig.embedded(dir, 0)
            .withTimers(Duration.ofSeconds(3L * interval), Duration.ofSeconds(interval));
    try (Deployment d = Deployment.start(config)) {
      run(d, agents, interval, measured, conns);
    }
  }

  private static void run(Deployment d, int agents, int interval, int measured, int conns)
      throws Exception {
    URI url = URI.create("http://127.0.0.1:" + d.port());
    Identity controller = Identity.generate();
    d.plane().init(controller.principal());
    ApiClient admin = new ApiClient(url, controller);
    admin.put(
        "/v1/policies/load",
        new Dto.PolicyBody(
            List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 86400L, 300L),
        Dto.PolicyView.class);
    Identity[] keys = admit(d.port(), d.simTee().orElseThrow(), agents, conns);
    System.out.printf(
        Locale.ROOT,
        "fleet of %d agents, one beat each per %d s (heartbeat timeout %d s), %d connections%n",
        agents,
        interval,
        3 * interval,
        conns);
    beat(d.port(), keys, interval, 20, conns).print("warm-up (20 s)");
    beat(d.port(), keys, interval, measured, conns).print("measured (" + measured + " s)");
    long unreachable =
        admin.getList("/v1/nodes", Dto.NodeView.class).stream()
            .filter(n -> !n.state().equals("ACTIVE"))
            .count();
    System.out.println("nodes not ACTIVE at the end (false UNREACHABLE): " + unreachable);
  }

  /** Registers and attests {@code n} sim agents; returns their identity keys. */
  private static Identity[] admit(int port, SimTee tee, int n, int conns) throws Exception {
    Identity[] keys = new Identity[n];
    for (int i = 0; i < n; i++) {
      keys[i] = Identity.generate();
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(conns);
    long t0 = System.nanoTime();
    try {
      HttpLoad.run(
          pool,
          conns,
          port,
          c -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
              HttpLoad.admit(c, tee, keys[i], "a" + i);
            }
          });
    } finally {
      pool.shutdown();
    }
    System.out.printf(
        Locale.ROOT, "admitted %d agents in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    return keys;
  }

  private record Due(int agent, long atNanos) {}

  /** Latencies (ns) of every beat of one phase, and the CPU it cost. */
  private record Phase(long[] latencies, int count, long wallNanos, long cpuNanos, int failed) {
    void print(String what) {
      long[] lat = Arrays.copyOf(latencies, count);
      Arrays.sort(lat);
      double secs = wallNanos / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%s: %d heartbeats = %.0f/s; p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d failed;"
              + " process CPU %.0f us/beat (server and the light agents together)%n",
          what,
          count,
          count / secs,
          lat[count / 2] / 1e6,
          lat[(int) (count * 0.99)] / 1e6,
          lat[count - 1] / 1e6,
          failed,
          cpuNanos / 1e3 / count);
    }
  }

  /** Every agent beats once per {@code interval} for {@code seconds}, open loop. */
  private static Phase beat(int port, Identity[] keys, int interval, int seconds, int conns)
      throws Exception {
    int n = keys.length;
    int total = (int) ((long) n * seconds / interval);
    long[] lat = new long[total];
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    BlockingQueue<Due> queue = new ArrayBlockingQueue<>(total + conns);
    ExecutorService pool = Executors.newFixedThreadPool(conns);
    RequestSigner[] signers =
        Arrays.stream(keys).map(RequestSigner::new).toArray(RequestSigner[]::new);
    long cpu0 = io.dooor.bench.CpuTimes.processCpuNanos();
    long t0 = System.nanoTime();
    for (int t = 0; t < conns; t++) {
      pool.submit(() -> sendBeats(port, queue, signers, lat, done, failed));
    }
    long step = TimeUnit.SECONDS.toNanos(interval) / n;
    for (int k = 0; k < total; k++) {
      long at = t0 + k * step;
      long wait = at - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      queue.put(new Due(k % n, at));
    }
    for (int t = 0; t < conns; t++) {
      queue.put(new Due(-1, 0));
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    return new Phase(
        lat,
        done.get(),
        System.nanoTime() - t0,
        io.dooor.bench.CpuTimes.processCpuNanos() - cpu0,
        failed.get());
  }

  private static Void sendBeats(
      int port,
      BlockingQueue<Due> queue,
      RequestSigner[] signers,
      long[] lat,
      AtomicInteger done,
      AtomicInteger failed)
      throws Exception {
    try (Connection c = new Connection(port)) {
      for (Due due = queue.take(); due.agent() >= 0; due = queue.take()) {
        String path = "/v1/nodes/a" + due.agent() + "/heartbeat";
        byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpLoad.Reply r = c.exchange(HttpLoad.signed(signers[due.agent()], "POST", path, body));
        long took = System.nanoTime() - due.atNanos();
        if (r.status() != 200) {
          failed.incrementAndGet();
        }
        lat[done.getAndIncrement()] = took;
      }
    }
    return null;
  }
}

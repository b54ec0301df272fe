package io.dooor.bench.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end data path load (issue 13, Performance and Memory): a real {@code dooor server start}
 * and real {@code dooor agent start --shards-listen} processes on loopback, driven by {@code dooor
 * data put|get}, {@code dooor node deactivate} and {@code dooor data repair-status} processes.
 * Prints put and get MB/s with the CPU seconds of the client, the agents and the server; the time
 * and bytes of repairing a lost node; and whether a large put and get pass with every JVM at the
 * given heap.
 *
 * <p>Run: {@code java -cp bench.cp io.dooor.bench.data.DataEndToEnd CLI_CLASSPATH DIR [MiB] [big
 * MiB] [heap] [repairBig]}, where CLI_CLASSPATH runs {@code io.dooor.cli.Main}.
 */
public final class DataEndToEnd {
  private static final String MEASUREMENT = "d0".repeat(48);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127.0.0.1:\\d+)");

  private final String cp;
  private final Path dir;
  private final String heap;
  private final String serverHeap;
  private final Path data;
  private final List<Process> agents = new ArrayList<>();
  private Process server;
  private String base;

  private DataEndToEnd(String cp, Path dir, String heap, String serverHeap) {
    this.cp = cp;
    this.dir = dir;
    this.heap = heap;
    this.serverHeap = serverHeap;
    this.data = dir.resolve("data");
  }

  public static void main(String[] args) throws Exception {
    String cp = args[0];
    Path dir = Path.of(args[1]);
    long mib = args.length > 2 ? Long.parseLong(args[2]) : 1024;
    long bigMib = args.length > 3 ? Long.parseLong(args[3]) : 4096;
    String heap = args.length > 4 ? args[4] : "256m";
    boolean repairBig = args.length > 5 && Boolean.parseBoolean(args[5]);
    String serverHeap = args.length > 6 ? args[6] : heap;
    Files.createDirectories(dir);
    DataEndToEnd b = new DataEndToEnd(cp, dir, heap, serverHeap);
    try {
      b.run(mib, bigMib, repairBig);
    } finally {
      b.close();
    }
  }

  private void run(long mib, long bigMib, boolean repairBig) throws Exception {
    say(
        "cores "
            + Runtime.getRuntime().availableProcessors()
            + ", client and agent JVMs -Xmx"
            + heap
            + ", server -Xmx"
            + serverHeap);
    // node-5 holds no shard of the first blob: the repair has somewhere to rebuild onto.
    startFleet(6);
    List<String> five = List.of("node-0", "node-1", "node-2", "node-3", "node-4");
    Path in = dir.resolve("in-" + mib);
    randomFile(in, mib << 20);
    String id = putGet(in, five, mib);
    Files.delete(in);

    // Repair of node-4's shard of the blob: kill -9, deactivate, watch repair-status.
    agents.get(4).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    repair(id, "node-4");

    if (bigMib > 0) {
      if (repairBig) {
        startAgent(6);
        awaitActive(6);
      }
      List<String> targets = List.of("node-0", "node-1", "node-2", "node-3", "node-5");
      Path big = dir.resolve("in-" + bigMib);
      randomFile(big, bigMib << 20);
      String bigId = putGet(big, targets, bigMib);
      Files.delete(big);
      if (repairBig) {
        agents.get(5).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        repair(bigId, "node-5");
      }
    }
    say("OutOfMemoryError: " + oomReport());
    for (int i = 0; i < agents.size(); i++) {
      Path a = dir.resolve("agent-" + i + ".log");
      if (Files.readString(a, StandardCharsets.UTF_8).contains("OutOfMemoryError")) {
        say("agent-" + i + " log has OutOfMemoryError");
      }
    }
    for (Process p : allLive()) {
      say(
          (p == server ? "server" : "agent")
              + " pid "
              + p.pid()
              + " peak RSS "
              + peakRssMib(p.pid())
              + " MiB");
    }
  }

  private String putGet(Path in, List<String> targets, long mib) throws Exception {
    String sha = sha256(in);
    Sample before = sample();
    Run put =
        cli(
            "put-" + mib,
            "data",
            "put",
            in.toString(),
            "--to",
            String.join(",", targets),
            "--k",
            "3",
            "--recover",
            Identity.load(data.resolve("controller.pem")).principal().toText(),
            "--temp",
            dir.resolve("spool").toString(),
            "--json");
    Sample mid = sample();
    JsonNode m = Json.MAPPER.readTree(put.out);
    String id = m.get("id").asText();
    report("put " + mib + " MiB", mib, put, before, mid);
    Path out = dir.resolve("out-" + mib);
    Run get =
        cli(
            "get-" + mib,
            "data",
            "get",
            id,
            "--out",
            out.toString(),
            "--temp",
            dir.resolve("spool").toString());
    Sample after = sample();
    report("get " + mib + " MiB", mib, get, mid, after);
    String back = sha256(out);
    say("sha256 in " + sha + " out " + back + " identical " + sha.equals(back));
    Files.delete(out);
    return id;
  }

  private void repair(String id, String node) throws Exception {
    Sample before = sample();
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    String doneAt = "";
    cli("deactivate-" + node, "node", "deactivate", node, "--reason", "bench: lost node");
    long bytes = 0;
    String state = "";
    Instant end = Instant.now().plusSeconds(240);
    while (Instant.now().isBefore(end) && !oom()) {
      Run st = cli("repair-status", "data", "repair-status", "--json");
      boolean done = false;
      bytes = 0;
      state = "";
      for (JsonNode r : Json.MAPPER.readTree(st.out)) {
        if (r.get("blob_id").asText().equals(id) && r.get("from_node").asText().equals(node)) {
          state = r.get("state").asText();
          bytes = r.get("bytes_moved").asLong();
          doneAt = r.get("updated_at").asText();
          done = state.equals("DONE") || state.equals("FAILED");
        }
      }
      if (done) {
        break;
      }
      Thread.sleep(500);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    Sample after = sample();
    say("OutOfMemoryError during the repair: " + oomReport());
    if (!doneAt.isEmpty()) {
      double server = java.time.Duration.between(started, Instant.parse(doneAt)).toMillis() / 1e3;
      say(
          String.format(
              Locale.ROOT,
              "repair %s at %s: %.1f s after the deactivate command started, %.1f MB/s",
              state,
              doneAt,
              server,
              bytes / server / 1e6));
    }
    say(
        String.format(
            Locale.ROOT,
            "repair of %s's shard of %s: %s after %.1f s, %d bytes moved (%.1f MB/s incl. polling"
                + " by CLI processes); CPU s: server %.1f, agents %.1f",
            node,
            id,
            state,
            s,
            bytes,
            bytes / s / 1e6,
            (after.server - before.server) / 1e9,
            (after.agents - before.agents) / 1e9));
  }

  private void report(String what, long mib, Run run, Sample a, Sample b) {
    double mb = (mib << 20) / 1e6;
    say(
        String.format(
            Locale.ROOT,
            "%s: %.1f s, %.1f MB/s; CPU s: client %.1f (%.0f%% of a core), agents %.1f, server"
                + " %.1f; client peak RSS %d MiB; exit %d",
            what,
            run.seconds,
            mb / run.seconds,
            run.cpuNanos / 1e9,
            100 * run.cpuNanos / 1e9 / run.seconds,
            (b.agents - a.agents) / 1e9,
            (b.server - a.server) / 1e9,
            run.peakRssMib,
            run.exit));
    if (run.exit != 0) {
      throw new IllegalStateException(what + " failed:\n" + run.out);
    }
  }

  private void startFleet(int nodes) throws Exception {
    Run init = cli("init", "init", "--data", data.toString());
    if (init.exit != 0) {
      throw new IllegalStateException(init.out);
    }
    Path log = dir.resolve("server.log");
    server =
        start(
            List.of(
                "server",
                "start",
                "--data",
                data.toString(),
                "--port",
                "0",
                "--heartbeat-timeout",
                "3",
                "--sweep-interval",
                "1",
                "--repair-interval",
                "1",
                "--repair-grace",
                "1",
                "--repair-rate",
                Long.toString(1L << 30)),
            log);
    Instant end = Instant.now().plusSeconds(120);
    while (base == null) {
      Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        base = m.group(1);
      } else if (!server.isAlive() || Instant.now().isAfter(end)) {
        throw new IllegalStateException("server did not start:\n" + Files.readString(log));
      } else {
        Thread.sleep(200);
      }
    }
    Path policy = dir.resolve("policy.json");
    Files.writeString(
        policy,
        "{\"allowed_tee_types\":[\"sim\"],\"reference_values\":{\"MEASUREMENT\":[\""
            + MEASUREMENT
            + "\"]},\"accepted_tcb_statuses\":[\"NotApplicable\"],"
            + "\"attestation_ttl_seconds\":60,\"challenge_ttl_seconds\":60}",
        StandardCharsets.UTF_8);
    Run set = cli("policy", "policy", "set", "vault", policy.toString());
    if (set.exit != 0) {
      throw new IllegalStateException(set.out);
    }
    for (int i = 0; i < nodes; i++) {
      startAgent(i);
    }
    awaitActive(nodes);
  }

  private void startAgent(int i) throws Exception {
    Path config = dir.resolve("agent-" + i + ".properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "server = " + base,
            "node_id = node-" + i,
            "workload = vault",
            "evidence = sim",
            "sealing = sim",
            "state_dir = " + dir.resolve("state-" + i),
            "heartbeat_interval = 1s",
            "max_backoff = 2s",
            "sim.root = " + data.resolve("sim-root.der"),
            "sim.measurement = " + MEASUREMENT,
            "shards.listen = 127.0.0.1:0",
            "shards.dir = " + dir.resolve("shards-" + i),
            ""),
        StandardCharsets.UTF_8);
    agents.add(
        start(
            List.of("agent", "start", "--config", config.toString()),
            dir.resolve("agent-" + i + ".log")));
  }

  private void awaitActive(int count) throws Exception {
    Instant end = Instant.now().plusSeconds(120);
    while (true) {
      Run ls = cli("nodes", "node", "list", "--json");
      int active = 0;
      if (ls.exit == 0) {
        for (JsonNode n : Json.MAPPER.readTree(ls.out)) {
          if (n.get("state").asText().equals("ACTIVE")) {
            active++;
          }
        }
      }
      if (active >= count) {
        return;
      }
      if (Instant.now().isAfter(end)) {
        throw new IllegalStateException("agents not ACTIVE: " + ls.out);
      }
      Thread.sleep(500);
    }
  }

  private List<String> java(String xmx) {
    return new ArrayList<>(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + xmx,
            "-XX:+UseSerialGC",
            // An OutOfMemoryError in a scheduled task leaves no log line: mark it in a file.
            "-XX:OnOutOfMemoryError=touch " + dir.resolve("oom-%p"),
            "-cp",
            cp,
            "io.dooor.cli.Main"));
  }

  private Process start(List<String> args, Path log) throws IOException {
    List<String> cmd = java(args.get(0).equals("server") ? serverHeap : heap);
    cmd.addAll(args);
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /**
   * One {@code dooor} client command, its wall time, CPU time (children's, after reaping) and RSS.
   */
  private Run cli(String name, String... args) throws Exception {
    List<String> cmd = java(heap);
    cmd.addAll(List.of(args));
    if (!args[0].equals("init")) {
      cmd.addAll(List.of("--server", base, "--data", data.toString()));
    }
    Path out = dir.resolve(name + ".out");
    long cpu0 = childrenCpuNanos();
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
            .start();
    long rss = 0;
    while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
      rss = Math.max(rss, peakRssMib(p.pid()));
    }
    Run r = new Run();
    r.seconds = (System.nanoTime() - t0) / 1e9;
    r.cpuNanos = childrenCpuNanos() - cpu0;
    r.exit = p.exitValue();
    r.peakRssMib = rss;
    r.out = Files.readString(out, StandardCharsets.UTF_8);
    return r;
  }

  private boolean oom() throws IOException {
    return !oomReport().equals("none");
  }

  /** The processes that ran out of memory, by role and pid. */
  private String oomReport() throws IOException {
    List<String> hit = new ArrayList<>();
    try (var files = Files.list(dir)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.startsWith("oom-"))
          .forEach(
              f -> {
                long pid = Long.parseLong(f.substring(4));
                String role = server.pid() == pid ? "server" : "client";
                for (int i = 0; i < agents.size(); i++) {
                  if (agents.get(i).pid() == pid) {
                    role = "agent node-" + i;
                  }
                }
                hit.add(role + " pid " + pid);
              });
    }
    return hit.isEmpty() ? "none" : String.join(", ", hit);
  }

  private List<Process> allLive() {
    List<Process> all = new ArrayList<>();
    if (server != null && server.isAlive()) {
      all.add(server);
    }
    for (Process a : agents) {
      if (a.isAlive()) {
        all.add(a);
      }
    }
    return all;
  }

  private Sample sample() {
    Sample s = new Sample();
    s.server = cpuNanos(server.pid());
    for (Process a : agents) {
      if (a.isAlive()) {
        s.agents += cpuNanos(a.pid());
      }
    }
    return s;
  }

  private void close() throws InterruptedException {
    for (Process p : allLive()) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static long[] statFields(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"), StandardCharsets.UTF_8);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      // utime stime cutime cstime: fields 14..17 of proc(5), 10 ms ticks.
      return new long[] {
        Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])
      };
    } catch (IOException | RuntimeException e) {
      return new long[4];
    }
  }

  private static long cpuNanos(long pid) {
    long[] f = statFields(Long.toString(pid));
    return (f[0] + f[1]) * 10_000_000L;
  }

  private static long childrenCpuNanos() {
    long[] f = statFields("self");
    return (f[2] + f[3]) * 10_000_000L;
  }

  private static long peakRssMib(long pid) {
    try {
      for (String line :
          Files.readAllLines(
              Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  private static void randomFile(Path file, long size) throws IOException {
    SplittableRandom random = new SplittableRandom(13);
    byte[] buf = new byte[1 << 20];
    long t0 = System.nanoTime();
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += buf.length) {
        for (int i = 0; i < buf.length; i += 8) {
          long v = random.nextLong();
          for (int j = 0; j < 8; j++) {
            buf[i + j] = (byte) (v >>> (8 * j));
          }
        }
        out.write(buf, 0, (int) Math.min(buf.length, size - done));
      }
    }
    say(
        String.format(
            Locale.ROOT,
            "wrote %d MiB of random bytes in %.1f s",
            size >> 20,
            (System.nanoTime() - t0) / 1e9));
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void say(String line) {
    System.out.println(Instant.now() + " " + line);
    System.out.flush();
  }

  private static final class Run {
    double seconds;
    long cpuNanos;
    long peakRssMib;
    int exit;
    String out;
  }

  private static final class Sample {
    long server;
    long agents;
  }
}

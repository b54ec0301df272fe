package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.provision.WorkloadView;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 acceptance with real processes on loopback: {@code dooor server start} (the local
 * provider starts each machine as a {@code dooor agent} process with sim evidence and a one-time
 * join token), driven by {@code dooor workload} commands. A workload of 3 becomes 3 ACTIVE nodes;
 * scaled to 1, two are drained, deactivated and terminated; scaled to 3 and the control plane
 * killed (-9) at once, a restart converges to 3 with no duplicate machine; an agent killed -9 is
 * deactivated by the workload's policy (unreachable grace) and replaced. No join token appears in
 * any reply or log line.
 */
class ProvisionEndToEndTest {
  private static final String MEASUREMENT = "d0".repeat(48);

  @TempDir Path dir;

  private final List<Process> servers = new ArrayList<>();
  private Path data;
  private int port;
  private int starts;
  private ApiClient controller;

  @AfterEach
  void killAll() throws Exception {
    for (Process p : servers) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    for (long pid : agentPids()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void applyScaleCrashAndReplace() throws Exception {
    data = dir.resolve("data");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    port = ServerProcesses.freePort();
    URI base = startServer();
    controller = new ApiClient(base, Identity.load(data.resolve("controller.pem")));
    controller.put("/v1/policies/demo", policy(0), Dto.PolicyView.class);
    Path spec = dir.resolve("demo.json");
    Files.writeString(spec, spec(3), StandardCharsets.UTF_8);

    CliRun applied = cli("workload", "apply", spec.toString());
    assertThat(applied.exit()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("workload demo v1: 3 wanted");
    WorkloadView three = await("3 ACTIVE", w -> w.active() == 3, 90);
    assertThat(three.machines()).hasSize(3);

    assertThat(cli("workload", "scale", "demo", "1").exit()).isZero();
    WorkloadView one =
        await("1 ACTIVE, 2 terminated", w -> w.active() == 1 && terminated(w) == 2, 60);
    one.machines().stream()
        .filter(m -> m.state().equals("TERMINATED"))
        .forEach(m -> assertThat(m.nodeState()).isEqualTo("DEACTIVATED"));
    assertThat(events("node.drain")).isEqualTo(2);

    assertThat(cli("workload", "scale", "demo", "3").exit()).isZero();
    servers.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    startServer();
    WorkloadView back = await("3 ACTIVE after kill -9 and restart", w -> w.active() == 3, 120);
    assertThat(live(back)).isEqualTo(3);
    // No duplicate after the crash: 3 + 2 machines, plus one replacement for each node that the
    // reconciler found unreachable too long (a loaded machine can stall an agent that long).
    long replacedUnreachable = replacedAsUnreachable();
    assertThat(back.machines()).hasSize(5 + (int) replacedUnreachable);
    assertThat(machineFolders()).isEqualTo(5 + replacedUnreachable);
    awaitAgentProcesses(3); // a replaced machine's agent may still be exiting

    // From here the policy deactivates a node silent for 3 s + 2 s (not earlier: a node silent
    // while the control plane restarted under load would be replaced, rightly, and counted here).
    controller.put("/v1/policies/demo", policy(2), Dto.PolicyView.class);
    String victim =
        back.machines().stream()
            .filter(m -> m.nodeState().equals("ACTIVE"))
            .findFirst()
            .orElseThrow()
            .id();
    long pid = Long.parseLong(read(data.resolve("machines").resolve(victim).resolve("pid")));
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    WorkloadView replaced =
        await(
            "the node deactivated by policy replaced",
            w -> w.active() == 3 && live(w) == 3 && terminated(w) == 3 + replacedUnreachable,
            90);
    assertThat(replaced.machines().stream().filter(m -> m.id().equals(victim)))
        .allSatisfy(m -> assertThat(m.nodeState()).isEqualTo("DEACTIVATED"));

    assertNoJoinTokenLeaked();
  }

  private void assertNoJoinTokenLeaked() throws Exception {
    StringBuilder everything = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".log")) {
          everything.append(read(f));
        }
      }
    }
    everything.append(
        new String(
            controller.raw("GET", "/v1/workloads", new byte[0]).body(), StandardCharsets.UTF_8));
    everything.append(
        new String(
            controller.raw("GET", "/v1/events?from=0&limit=1000", new byte[0]).body(),
            StandardCharsets.UTF_8));
    assertThat(everything).contains("node.joined").doesNotContain("dooor-join-v1.");
  }

  private CliRun cli(String... args) {
    return CliRun.against(port, data.resolve("controller.pem"), args);
  }

  private URI startServer() throws Exception {
    Path log = dir.resolve("server-" + starts++ + ".log");
    Process p =
        ServerProcesses.start(
            data,
            log,
            "--port",
            Integer.toString(port),
            "--heartbeat-timeout",
            "3",
            "--sweep-interval",
            "1");
    servers.add(0, p);
    return ServerProcesses.awaitListening(p, log);
  }

  private WorkloadView await(String what, Predicate<WorkloadView> done, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    WorkloadView last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = controller.get("/v1/workloads/demo", WorkloadView.class);
        if (done.test(last)) {
          return last;
        }
      } catch (java.io.IOException e) {
        // the control plane is restarting
      }
      Thread.sleep(250);
    }
    throw new AssertionError(what + " not reached in " + seconds + " s; last: " + last);
  }

  private static long terminated(WorkloadView w) {
    return w.machines().stream().filter(m -> m.state().equals("TERMINATED")).count();
  }

  private static long live(WorkloadView w) {
    return w.machines().stream().filter(m -> !m.state().equals("TERMINATED")).count();
  }

  private long events(String action) throws Exception {
    return controller.getList("/v1/events?from=0&limit=1000", Dto.EventView.class).stream()
        .filter(e -> e.action().equals(action))
        .count();
  }

  private void awaitAgentProcesses(int count) throws Exception {
    Instant end = Instant.now().plusSeconds(30);
    while (agentPids().size() != count && Instant.now().isBefore(end)) {
      Thread.sleep(200);
    }
    assertThat(agentPids()).hasSize(count);
  }

  private long replacedAsUnreachable() throws Exception {
    return controller.getList("/v1/events?from=0&limit=1000", Dto.EventView.class).stream()
        .filter(e -> e.details() != null)
        .filter(e -> e.details().getOrDefault("reason", "").startsWith("unreachable for longer"))
        .count();
  }

  private long machineFolders() throws Exception {
    try (Stream<Path> s = Files.list(data.resolve("machines"))) {
      return s.count();
    }
  }

  /** The agent processes the local provider started that still run. */
  private List<Long> agentPids() throws Exception {
    List<Long> out = new ArrayList<>();
    Path machines = data == null ? null : data.resolve("machines");
    if (machines == null || !Files.isDirectory(machines)) {
      return out;
    }
    try (Stream<Path> s = Files.list(machines)) {
      for (Path m : s.toList()) {
        Path pid = m.resolve("pid");
        if (Files.exists(pid)) {
          long n = Long.parseLong(read(pid));
          if (ProcessHandle.of(n).map(ProcessHandle::isAlive).orElse(false)) {
            out.add(n);
          }
        }
      }
    }
    return out;
  }

  private static String read(Path f) throws Exception {
    return Files.readString(f, StandardCharsets.UTF_8).strip();
  }

  private static Map<String, Object> policy(int unreachableGraceSeconds) {
    return Map.of(
        "allowed_tee_types",
        List.of("sim"),
        "reference_values",
        Map.of("MEASUREMENT", List.of(MEASUREMENT)),
        "accepted_tcb_statuses",
        List.of("NotApplicable"),
        "attestation_ttl_seconds",
        600,
        "challenge_ttl_seconds",
        60,
        "unreachable_grace_seconds",
        unreachableGraceSeconds);
  }

  private static String spec(int count) {
    return "{\"spec_version\":1,\"name\":\"demo\",\"tee_type\":\"sim\","
        + "\"image\":{\"ref\":\"local/dooor-agent\",\"digest\":\"sha256:"
        + "ab".repeat(32)
        + "\"},\"measurements\":{\"MEASUREMENT\":\""
        + MEASUREMENT
        + "\"},\"count\":"
        + count
        + ",\"placement\":[{\"provider\":\"local\",\"region\":\"local\"}],"
        + "\"shape\":{\"vcpus\":1,\"memory_mib\":256}}";
  }
}

package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.agent.seal.SimSealer;
import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12 acceptance, shortened for CI: {@code dooor server start} and three {@code dooor agent
 * start} processes on loopback (sim evidence, sim sealing), with a 6 s attestation TTL, a 3 s
 * heartbeat timeout and a 1 s sweep. The agents stay ACTIVE and attest again on time; a kill -9 of
 * an agent gives UNREACHABLE, and its restart comes back ACTIVE as the same principal without
 * registering again; a kill -9 of the control plane is recovered from by every agent on its own;
 * deactivation makes the agent exit and wipe its state folder.
 */
class AgentProcessTest {
  private static final String WORKLOAD = "fleet";

  /**
   * The run's size: 3 agents, a 6 s TTL and 14 s of steady state in CI. The full run (5
   * agents, 60 s TTL, 10 minutes) is {@code -Ddooor.agents=5 -Ddooor.agents.ttl=60
   * -Ddooor.agents.steady=600}.
   */
  private static final int AGENTS = Integer.getInteger("dooor.agents", 3);

  private static final int TTL = Integer.getInteger("dooor.agents.ttl", 6);
  private static final int STEADY = Integer.getInteger("dooor.agents.steady", 14);

  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();
  private final Map<Integer, Process> agents = new HashMap<>();
  private Path data;
  private int port;
  private int serverStarts;
  private ApiClient controller;

  @AfterEach
  void killAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void agentsStayHonestAcrossKillsOfAgentsAndControlPlane() throws Exception {
    data = dir.resolve("data");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    port = ServerProcesses.freePort();
    URI base = startServer();
    controller = new ApiClient(base, Identity.load(data.resolve("controller.pem")));
    controller.put("/v1/policies/" + WORKLOAD, policy(TTL), Dto.PolicyView.class);
    for (int i = 0; i < AGENTS; i++) {
      startAgent(i);
    }
    awaitAll("every agent ACTIVE", n -> n.state().equals("ACTIVE"), Duration.ofSeconds(60));
    Map<String, String> principals = principals();

    stayActiveAndReattest(Duration.ofSeconds(STEADY));

    killAgentAndRestart(0, principals);

    processes.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Instant restarted = Instant.now();
    startServer();
    // Right after the restart the rows still say ACTIVE, before the first sweep and before any
    // agent is back: what counts is every agent attesting again to the new process.
    awaitAll(
        "every agent ACTIVE and attested again after a control-plane kill -9",
        n -> n.state().equals("ACTIVE") && Instant.parse(n.attestedAt()).isAfter(restarted),
        Duration.ofSeconds(90));
    assertThat(principals()).isEqualTo(principals);

    removeMeasurement(AGENTS - 1);
    deactivate(1);
  }

  /**
   * The last agent runs another measurement: dropping it from the policy makes that node STALE
   * within one sweep (1 s here); the agent's attempts to attest again are refused, and the node's
   * own key derivations get 403.
   */
  private void removeMeasurement(int i) throws Exception {
    Identity key = unsealedIdentity(i);
    ApiClient node = new ApiClient(controllerBase(), key);
    Dto.DeriveKey derive = new Dto.DeriveKey("dooor/node-key", transportKey());
    assertThat(deriveWhenActive(node, node(i), derive))
        .as("an ACTIVE node derives its key")
        .isNotNull();
    Instant changed = Instant.now();
    controller.put("/v1/policies/" + WORKLOAD, policy(TTL, false), Dto.PolicyView.class);
    awaitNode(
        node(i),
        "STALE after its measurement left the policy",
        n -> n.state().equals("STALE"),
        Duration.ofSeconds(1 + 3));
    assertThat(Duration.between(changed, Instant.now())).isLessThan(Duration.ofSeconds(3));
    ApiException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            ApiException.class,
            () -> node.post("/v1/nodes/" + node(i) + "/keys", derive, Dto.DerivedKeyView.class));
    assertThat(refused.status()).isEqualTo(403);
    Thread.sleep(3000);
    assertThat(controller.get("/v1/nodes/" + node(i), Dto.NodeView.class).state())
        .as("its agent attests again, and is refused")
        .isEqualTo("STALE");
    for (int other = 0; other < i; other++) {
      if (agents.get(other).isAlive()) {
        assertThat(controller.get("/v1/nodes/" + node(other), Dto.NodeView.class).state())
            .isEqualTo("ACTIVE");
      }
    }
  }

  /** The node's identity, opened as its agent does (development sealing: a key file). */
  private Identity unsealedIdentity(int i) throws Exception {
    SimSealer sealer = new SimSealer(stateDir(i).resolve("sim-sealing.key"));
    Bytes sealed = Bytes.of(Files.readAllBytes(stateDir(i).resolve("identity.sealed")));
    return Identity.fromPem(new String(sealer.unseal(sealed).toArray(), StandardCharsets.UTF_8));
  }

  private static String transportKey() {
    return io.dooor.vetkd.TransportSecretKey.generate().publicKey().toBytes().base64();
  }

  private URI controllerBase() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** For longer than two TTLs: never anything but ACTIVE, and each attested again on time. */
  private void stayActiveAndReattest(Duration span) throws Exception {
    Map<String, String> firstAttested = attestedAt();
    Instant end = Instant.now().plus(span);
    while (Instant.now().isBefore(end)) {
      for (Dto.NodeView n : fleet()) {
        assertThat(n.state()).as("%s during steady state", n.nodeId()).isEqualTo("ACTIVE");
        assertThat(Instant.parse(n.attestationExpiresAt()))
            .as("%s attests again before its attestation expires", n.nodeId())
            .isAfter(Instant.now());
      }
      Thread.sleep(250);
    }
    Map<String, String> now = attestedAt();
    for (String id : firstAttested.keySet()) {
      assertThat(Instant.parse(now.get(id)))
          .as("%s attested again", id)
          .isAfter(Instant.parse(firstAttested.get(id)).plusSeconds(TTL / 2));
    }
    long stale = events().stream().filter(e -> "STALE".equals(e.details().get("to"))).count();
    assertThat(stale).as("no node ever went STALE").isZero();
  }

  private void killAgentAndRestart(int i, Map<String, String> principals) throws Exception {
    agents.get(i).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    awaitNode(
        node(i),
        "UNREACHABLE (or STALE, when its attestation lapsed first) after kill -9",
        n -> n.state().equals("UNREACHABLE") || n.state().equals("STALE"),
        Duration.ofSeconds(3 + 1 + 5));
    startAgent(i);
    awaitNode(
        node(i), "ACTIVE after restart", n -> n.state().equals("ACTIVE"), Duration.ofSeconds(60));
    assertThat(principals()).isEqualTo(principals);
    long registrations =
        events().stream()
            .filter(
                e -> e.action().equals("node.register") && e.subject().equals("node:" + node(i)))
            .filter(e -> e.outcome().equals("OK"))
            .count();
    assertThat(registrations).as("registered once, not again after the restart").isEqualTo(1);
  }

  private void deactivate(int i) throws Exception {
    controller.post(
        "/v1/nodes/" + node(i) + "/deactivate", new Dto.Deactivate("retired"), Dto.NodeView.class);
    Process agent = agents.get(i);
    assertThat(agent.waitFor(10, TimeUnit.SECONDS)).as("agent exits after deactivation").isTrue();
    assertThat(agent.exitValue()).isZero();
    assertThat(stateDir(i)).doesNotExist();
    assertThat(log("agent-" + i)).contains("node.deactivated");
  }

  private URI startServer() throws Exception {
    Path log = dir.resolve("server-" + serverStarts++ + ".log");
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
    processes.add(0, p);
    return ServerProcesses.awaitListening(p, log);
  }

  private void startAgent(int i) throws Exception {
    Path config = dir.resolve("agent-" + i + ".properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "server = http://127.0.0.1:" + port,
            "node_id = " + node(i),
            "workload = " + WORKLOAD,
            "evidence = sim",
            "sealing = sim",
            "state_dir = " + stateDir(i),
            "heartbeat_interval = 1s",
            "reattest_margin = 2s",
            "max_backoff = 2s",
            "sim.root = " + data.resolve("sim-root.der"),
            "sim.measurement = " + measurement(i),
            ""),
        StandardCharsets.UTF_8);
    Process p =
        ServerProcesses.dooor(
            List.of("agent", "start", "--config", config.toString()),
            dir.resolve("agent-" + i + ".log"));
    agents.put(i, p);
    processes.add(p);
  }

  private Path stateDir(int i) {
    return dir.resolve("state-" + i);
  }

  private static String node(int i) {
    return "node-" + i;
  }

  /** Every agent runs d0...d0 but the last, which runs d1...d1. */
  private static String measurement(int i) {
    return (i == AGENTS - 1 ? "d1" : "d0").repeat(48);
  }

  private static Map<String, Object> policy(long ttlSeconds) {
    return policy(ttlSeconds, true);
  }

  private static Map<String, Object> policy(long ttlSeconds, boolean withLast) {
    List<String> allowed =
        withLast ? List.of("d0".repeat(48), "d1".repeat(48)) : List.of("d0".repeat(48));
    return Map.of(
        "allowed_tee_types", List.of("sim"),
        "reference_values", Map.of("MEASUREMENT", allowed),
        "accepted_tcb_statuses", List.of("NotApplicable"),
        "attestation_ttl_seconds", ttlSeconds,
        "challenge_ttl_seconds", 60);
  }

  private List<Dto.NodeView> fleet() throws Exception {
    return controller.getList("/v1/nodes", Dto.NodeView.class);
  }

  private Map<String, String> principals() throws Exception {
    Map<String, String> m = new HashMap<>();
    for (Dto.NodeView n : fleet()) {
      m.put(n.nodeId(), n.principal());
    }
    return m;
  }

  private Map<String, String> attestedAt() throws Exception {
    Map<String, String> m = new HashMap<>();
    for (Dto.NodeView n : fleet()) {
      m.put(n.nodeId(), n.attestedAt());
    }
    return m;
  }

  private List<Dto.EventView> events() throws Exception {
    List<Dto.EventView> all = new ArrayList<>();
    for (long from = 0; ; from += 1000) {
      List<Dto.EventView> page =
          controller.getList("/v1/events?from=" + from + "&limit=1000", Dto.EventView.class);
      all.addAll(page);
      if (page.size() < 1000) {
        return all;
      }
    }
  }

  private void awaitAll(String what, Predicate<Dto.NodeView> ok, Duration within) throws Exception {
    Instant end = Instant.now().plus(within);
    List<Dto.NodeView> last = List.of();
    while (Instant.now().isBefore(end)) {
      try {
        last = fleet();
        if (last.size() == AGENTS && last.stream().allMatch(ok)) {
          return;
        }
      } catch (java.io.IOException e) {
        // the server is still starting
      }
      Thread.sleep(200);
    }
    throw new AssertionError(what + " within " + within + "; fleet: " + last + "\n" + logs());
  }

  /**
   * The node's derivation once it is ACTIVE. A 6 s TTL can lapse between the check and the call
   * (the node is then STALE, or its attestation lapsed before the sweep marks it, until its agent
   * attests again): that is waited out, any other refusal fails the test.
   */
  private Dto.DerivedKeyView deriveWhenActive(ApiClient node, String id, Dto.DeriveKey derive)
      throws Exception {
    Instant end = Instant.now().plusSeconds(60);
    while (true) {
      awaitNode(id, "ACTIVE", n -> n.state().equals("ACTIVE"), Duration.ofSeconds(60));
      try {
        return node.post("/v1/nodes/" + id + "/keys", derive, Dto.DerivedKeyView.class);
      } catch (ApiException e) {
        boolean lapsing =
            e.getMessage().contains("not ACTIVE") || e.getMessage().contains("lapsed");
        if (!lapsing || Instant.now().isAfter(end)) {
          throw e;
        }
      }
    }
  }

  private void awaitNode(String id, String what, Predicate<Dto.NodeView> ok, Duration within)
      throws Exception {
    Instant end = Instant.now().plus(within);
    Dto.NodeView last = null;
    while (Instant.now().isBefore(end)) {
      last = controller.get("/v1/nodes/" + id, Dto.NodeView.class);
      if (ok.test(last)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(id + " " + what + " within " + within + "; last: " + last);
  }

  private String log(String name) throws java.io.IOException {
    return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
  }

  private String logs() throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < AGENTS; i++) {
      b.append("--- agent-").append(i).append('\n').append(log("agent-" + i));
    }
    return b.toString();
  }
}

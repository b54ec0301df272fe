package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.agent.seal.SimSealer;
import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.client.data.DataClient;
import io.dooor.client.data.EncryptedBlob;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real processes of the data tests: {@code dooor server start} and {@code dooor agent start}
 * processes serving shards on loopback, all in one temporary folder.
 */
final class DataFleet implements AutoCloseable {
  static final String WORKLOAD = "vault";
  private static final String MEASUREMENT = "d0".repeat(48);

  final Path dir;
  private final List<Process> processes = new ArrayList<>();
  final List<Process> agents = new ArrayList<>();
  Path data;
  URI base;
  ApiClient controller;
  Identity controllerKey;

  DataFleet(Path dir) {
    this.dir = dir;
  }

  /** Starts the server with {@code serverArgs} and {@code nodes} agents, and waits for ACTIVE. */
  DataFleet start(int nodes, String... serverArgs) throws Exception {
    data = dir.resolve("data");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    Path log = dir.resolve("server.log");
    List<String> args =
        new ArrayList<>(List.of("--heartbeat-timeout", "3", "--sweep-interval", "1"));
    args.addAll(List.of(serverArgs));
    Process server = ServerProcesses.start(data, log, args.toArray(String[]::new));
    processes.add(server);
    base = ServerProcesses.awaitListening(server, log);
    controllerKey = Identity.load(data.resolve("controller.pem"));
    controller = new ApiClient(base, controllerKey);
    controller.put("/v1/policies/" + WORKLOAD, policy(), Dto.PolicyView.class);
    for (int i = 0; i < nodes; i++) {
      startAgent(i);
    }
    Instant end = Instant.now().plusSeconds(90);
    while (controller.getList("/v1/nodes", Dto.NodeView.class).stream()
            .filter(n -> n.state().equals("ACTIVE"))
            .count()
        < nodes) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError(
            "agents not ACTIVE:\n" + Files.readString(dir.resolve("agent-0.log")));
      }
      Thread.sleep(200);
    }
    return this;
  }

  private void startAgent(int i) throws Exception {
    Path config = dir.resolve("agent-" + i + ".properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "server = " + base,
            "node_id = " + node(i),
            "workload = " + WORKLOAD,
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
    Process p =
        ServerProcesses.dooor(
            List.of("agent", "start", "--config", config.toString()),
            dir.resolve("agent-" + i + ".log"));
    agents.add(p);
    processes.add(p);
  }

  /** kill -9 of agent {@code i}. */
  void kill(int i) throws InterruptedException {
    agents.get(i).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** Puts {@code file} k of n onto {@code targets}, retrying while shard endpoints are unknown. */
  EncryptedBlob put(DataClient client, Path file, List<Integer> targets, int k) throws Exception {
    List<NodeId> ids = targets.stream().map(i -> NodeId.of(node(i))).toList();
    Instant end = Instant.now().plusSeconds(30);
    while (true) {
      try {
        return client.put(file, ids, k, List.of(controllerKey.principal()));
      } catch (ApiException e) {
        if (Instant.now().isAfter(end)) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  Path shardFile(int agent, EncryptedBlob blob, int index) {
    return dir.resolve("shards-" + agent)
        .resolve(blob.id().toString())
        .resolve(Integer.toString(index));
  }

  Dto.BlobView awaitState(EncryptedBlob blob, String state, int seconds) throws Exception {
    Instant end = Instant.now().plusSeconds(seconds);
    Dto.BlobView view;
    do {
      view = controller.get("/v1/blobs/" + blob.id(), Dto.BlobView.class);
      if (view.state().equals(state)) {
        return view;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(end));
    throw new AssertionError("blob not " + state + ": " + view);
  }

  Identity unsealedIdentity(int i) throws Exception {
    Path state = dir.resolve("state-" + i);
    SimSealer sealer = new SimSealer(state.resolve("sim-sealing.key"));
    Bytes sealed = Bytes.of(Files.readAllBytes(state.resolve("identity.sealed")));
    return Identity.fromPem(new String(sealer.unseal(sealed).toArray(), StandardCharsets.UTF_8));
  }

  List<Dto.EventView> events() throws Exception {
    return controller.getList("/v1/events?from=0&limit=1000", Dto.EventView.class);
  }

  static String node(int i) {
    return "node-" + i;
  }

  private static Map<String, Object> policy() {
    return Map.of(
        "allowed_tee_types", List.of("sim"),
        "reference_values", Map.of("MEASUREMENT", List.of(MEASUREMENT)),
        "accepted_tcb_statuses", List.of("NotApplicable"),
        "attestation_ttl_seconds", 60,
        "challenge_ttl_seconds", 60);
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}

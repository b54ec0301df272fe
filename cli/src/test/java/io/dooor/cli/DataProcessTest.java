package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.agent.seal.SimSealer;
import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.client.data.DataClient;
import io.dooor.client.data.DataException;
import io.dooor.client.data.EncryptedBlob;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 acceptance with real processes: {@code dooor server start} and five {@code dooor agent
 * start} processes serving shards on loopback. A blob put 3 of 5 restores byte-identical; a
 * corrupted shard file is detected and routed around; with two agents killed exactly k survive and
 * still restore; fewer than k is refused naming the missing shards; an auditor without a key right
 * is refused and recorded; a surviving target node restores as itself; a deactivated node is
 * refused.
 */
class DataProcessTest {
  private static final String WORKLOAD = "vault";
  private static final int NODES = 5;
  private static final String MEASUREMENT = "d0".repeat(48);

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Process> agents = new ArrayList<>();
  private Path data;
  private URI base;
  private ApiClient controller;
  private Identity controllerKey;

  @AfterEach
  void killAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void backUpLoseNodesRestoreAndRefuse() throws Exception {
    startFleet();
    byte[] plain = new byte[(1 << 20) + 12_345];
    new SecureRandom().nextBytes(plain);
    Path file = dir.resolve("plain.bin");
    Files.write(file, plain);
    DataClient client = new DataClient(controller, controllerKey, dir.resolve("spool"));
    EncryptedBlob blob = putWhenEndpointsAreKnown(client, file);
    awaitState(blob, "COMPLETE");

    Path out = dir.resolve("restored.bin");
    assertThat(client.get(blob.id(), out).used()).hasSize(3);
    assertThat(Files.readAllBytes(out)).isEqualTo(plain);

    Path shard0 = shardFile(0, blob, 0);
    byte[] good = Files.readAllBytes(shard0);
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 0x40;
    Files.write(shard0, bad);
    DataClient.Restored routed = client.get(blob.id(), out);
    assertThat(routed.corrupt()).containsOnlyKeys(0);
    assertThat(routed.used()).doesNotContain(0).hasSize(3);
    assertThat(Files.readAllBytes(out)).isEqualTo(plain);

    agents.get(3).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    agents.get(4).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThatThrownBy(() -> client.get(blob.id(), dir.resolve("never.bin")))
        .isInstanceOfSatisfying(
            DataException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DataException.Reason.TOO_FEW_SHARDS);
              assertThat(e.shards()).containsExactly(0, 3, 4);
            });
    assertThat(dir.resolve("never.bin")).doesNotExist();
    Files.write(shard0, good);
    Files.delete(out);
    DataClient.Restored exactlyK = client.get(blob.id(), out);
    assertThat(exactlyK.used()).containsExactly(0, 1, 2);
    assertThat(Files.readAllBytes(out)).as("restored from exactly k survivors").isEqualTo(plain);

    unauthorisedIsRefusedAndRecorded(blob);
    Identity node1 = unsealedIdentity(1);
    Identity node0 = unsealedIdentity(0);
    DataClient asNode1 = new DataClient(new ApiClient(base, node1), node1, dir.resolve("spool1"));
    Path byNode = dir.resolve("by-node-1.bin");
    asNode1.get(blob.id(), byNode);
    assertThat(Files.readAllBytes(byNode)).as("a surviving target node restores").isEqualTo(plain);

    controller.post(
        "/v1/nodes/node-0/deactivate", new Dto.Deactivate("retired"), Dto.NodeView.class);
    DataClient asNode0 = new DataClient(new ApiClient(base, node0), node0, dir.resolve("spool0"));
    assertThatThrownBy(() -> asNode0.get(blob.id(), dir.resolve("by-node-0.bin")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  private void unauthorisedIsRefusedAndRecorded(EncryptedBlob blob) throws Exception {
    Identity auditor = Identity.generate();
    controller.post(
        "/v1/principals", new Dto.Grant(auditor.principal().toText(), "auditor"), Dto.Grant.class);
    DataClient asAuditor =
        new DataClient(new ApiClient(base, auditor), auditor, dir.resolve("spool-a"));
    assertThatThrownBy(() -> asAuditor.get(blob.id(), dir.resolve("by-auditor.bin")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(dir.resolve("by-auditor.bin")).doesNotExist();
    assertThat(events())
        .anyMatch(
            e ->
                e.action().equals("blob.key_refused")
                    && String.valueOf(e.actor()).contains(auditor.principal().toText()));
  }

  private EncryptedBlob putWhenEndpointsAreKnown(DataClient client, Path file) throws Exception {
    List<NodeId> targets = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      targets.add(NodeId.of(node(i)));
    }
    Instant end = Instant.now().plusSeconds(30);
    while (true) {
      try {
        return client.put(file, targets, 3, List.of(controllerKey.principal()));
      } catch (ApiException e) {
        if (Instant.now().isAfter(end)) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  private void startFleet() throws Exception {
    data = dir.resolve("data");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    Path log = dir.resolve("server.log");
    Process server =
        ServerProcesses.start(data, log, "--heartbeat-timeout", "3", "--sweep-interval", "1");
    processes.add(server);
    base = ServerProcesses.awaitListening(server, log);
    controllerKey = Identity.load(data.resolve("controller.pem"));
    controller = new ApiClient(base, controllerKey);
    controller.put("/v1/policies/" + WORKLOAD, policy(), Dto.PolicyView.class);
    for (int i = 0; i < NODES; i++) {
      startAgent(i);
    }
    Instant end = Instant.now().plusSeconds(90);
    while (controller.getList("/v1/nodes", Dto.NodeView.class).stream()
            .filter(n -> n.state().equals("ACTIVE"))
            .count()
        < NODES) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError(
            "agents not ACTIVE:\n" + Files.readString(dir.resolve("agent-0.log")));
      }
      Thread.sleep(200);
    }
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

  private Path shardFile(int agent, EncryptedBlob blob, int index) {
    return dir.resolve("shards-" + agent)
        .resolve(blob.id().toString())
        .resolve(Integer.toString(index));
  }

  private void awaitState(EncryptedBlob blob, String state) throws Exception {
    Instant end = Instant.now().plusSeconds(20);
    Dto.BlobView view;
    do {
      view = controller.get("/v1/blobs/" + blob.id(), Dto.BlobView.class);
      if (view.state().equals(state)) {
        return;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(end));
    throw new AssertionError("blob not " + state + ": " + view);
  }

  private Identity unsealedIdentity(int i) throws Exception {
    Path state = dir.resolve("state-" + i);
    SimSealer sealer = new SimSealer(state.resolve("sim-sealing.key"));
    Bytes sealed = Bytes.of(Files.readAllBytes(state.resolve("identity.sealed")));
    return Identity.fromPem(new String(sealer.unseal(sealed).toArray(), StandardCharsets.UTF_8));
  }

  private List<Dto.EventView> events() throws Exception {
    return controller.getList("/v1/events?from=0&limit=1000", Dto.EventView.class);
  }

  private static String node(int i) {
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
}

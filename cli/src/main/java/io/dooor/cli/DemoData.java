package io.dooor.cli;

import io.dooor.agent.NodeAgent;
import io.dooor.agent.SimEvidenceSource;
import io.dooor.agent.run.AgentLog;
import io.dooor.agent.shards.ShardGrants;
import io.dooor.agent.shards.ShardServer;
import io.dooor.agent.shards.ShardStore;
import io.dooor.attestation.sim.SimTee;
import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.CallerPublicKey;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.PublicKeys;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.data.DataClient;
import io.dooor.client.data.EncryptedBlob;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's data story: a backup put 3 of 5 across five sim nodes serving shards over loopback
 * (two more idle as spares); two nodes lost and the backup still restores; the control plane's
 * repair job rebuilds both shards onto the spares; a deactivated node is refused the key; a
 * surviving node restores as itself.
 */
final class DemoData {
  static final int TARGETS = 5;
  static final int SPARES = 2;

  private final DemoCommand out;
  private final SimTee tee;
  private final URI url;
  private final ApiClient admin;
  private final Identity controller;
  private final Path dir;
  private final List<NodeAgent> nodes = new ArrayList<>();
  private final List<ShardServer> servers = new ArrayList<>();
  private final Set<Integer> dead = new java.util.HashSet<>();

  DemoData(DemoCommand out, SimTee tee, URI url, ApiClient admin, Identity controller, Path dir) {
    this.out = out;
    this.tee = tee;
    this.url = url;
    this.admin = admin;
    this.controller = controller;
    this.dir = dir;
  }

  void run(Bytes measurement) throws Exception {
    start(measurement);
    byte[] plain = new byte[(1 << 20) + 777];
    new SecureRandom().nextBytes(plain);
    Path file = dir.resolve("backup.bin");
    Files.write(file, plain);
    DataClient client = new DataClient(admin, controller, dir.resolve("spool"));

    out.say(
        "Controller backs up a 1 MiB file 3 of 5 across data-1..data-5 (encrypted on the client)");
    List<NodeId> targets = nodes.subList(0, TARGETS).stream().map(NodeAgent::id).toList();
    EncryptedBlob blob = client.put(file, targets, 3, List.of(controller.principal()));
    Dto.BlobView view = await(blob, v -> v.state().equals("COMPLETE"), Set.of());
    DemoCommand.detail("blob " + blob.id() + " " + view.state() + "; data key wrapped by IBE");
    placement(view);

    out.say("data-4 and data-5 are lost (their shard servers stop): the backup still restores");
    for (int i : List.of(3, 4)) {
      servers.get(i).close();
      dead.add(i);
    }
    DataClient.Restored r = client.get(blob.id(), dir.resolve("restored.bin"));
    DemoCommand.detail(
        "restored from shards "
            + r.used()
            + ": byte-identical "
            + same(plain, dir.resolve("restored.bin")));

    out.say("Controller deactivates them; the repair job rebuilds their shards onto the spares");
    for (int i : List.of(3, 4)) {
      deactivate(i, "demo: lost");
    }
    Set<String> lost = Set.of(node(3), node(4));
    view =
        await(
            blob,
            v ->
                v.state().equals("COMPLETE")
                    && v.shards().stream().noneMatch(s -> lost.contains(s.node())),
            lost);
    placement(view);
    for (Dto.RepairView j : admin.getList("/v1/blobs/repair-status", Dto.RepairView.class)) {
      DemoCommand.detail(
          "repair shard "
              + j.index()
              + " "
              + j.fromNode()
              + " -> "
              + j.toNode()
              + " "
              + j.state()
              + ", "
              + j.bytesMoved()
              + " bytes moved (ciphertext only)");
    }

    out.say("Controller deactivates data-1: it is refused the key from now on");
    deactivate(0, "demo: suspected compromise");
    NodeAgent one = nodes.get(0);
    try {
      new DataClient(new ApiClient(url, one.identity()), one.identity(), dir.resolve("spool-1"))
          .get(blob.id(), dir.resolve("by-data-1.bin"));
      throw new IllegalStateException("a deactivated node restored the backup");
    } catch (ApiException e) {
      DemoCommand.detail(Exits.line("refused", e.code(), e.getMessage()));
    }

    out.say("Surviving node data-2 restores the backup as itself");
    NodeAgent two = nodes.get(1);
    heartbeats();
    Path byTwo = dir.resolve("by-data-2.bin");
    DataClient.Restored r2 =
        new DataClient(new ApiClient(url, two.identity()), two.identity(), dir.resolve("spool-2"))
            .get(blob.id(), byTwo);
    DemoCommand.detail(
        "restored from shards " + r2.used() + ": byte-identical " + same(plain, byTwo));
    for (ShardServer s : servers) {
      s.close();
    }
  }

  private void start(Bytes measurement) throws Exception {
    Dto.ControlPlaneKey served = admin.get("/v1/identity", Dto.ControlPlaneKey.class);
    CallerPublicKey cp = PublicKeys.parseSpki(Bytes.fromBase64(served.publicKeySpki()));
    Clock clock = Clock.systemUTC();
    AgentLog quiet =
        new AgentLog(
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), clock);
    out.say(
        "Seven sim nodes data-1..data-7 join, each serving a shard store over loopback (signed"
            + " requests, grants signed by the control plane "
            + served.principal()
            + ")");
    for (int i = 0; i < TARGETS + SPARES; i++) {
      NodeId id = NodeId.of(node(i));
      Identity key = Identity.generate();
      ApiClient api = new ApiClient(url, key);
      ShardServer s =
          ShardServer.start(
              new InetSocketAddress("127.0.0.1", 0),
              new ShardStore(dir.resolve("shards-" + (i + 1))),
              new ShardGrants(cp, id, clock),
              new RequestVerifier(clock, new InMemoryNonceRegistry(clock)),
              at -> stored(api, at),
              quiet);
      servers.add(s);
      Bytes platform = Bytes.of(java.util.Arrays.copyOf(key.principal().toBytes(), 16));
      NodeAgent a =
          new NodeAgent(
              id,
              "demo",
              key,
              new SimEvidenceSource(tee, measurement, platform, false),
              api,
              "http://127.0.0.1:" + s.address().getPort());
      Dto.Registered reg = a.register();
      a.attest(Bytes.fromBase64(reg.challenge().nonce()));
      nodes.add(a);
    }
    DemoCommand.detail("all ACTIVE with a shard endpoint");
  }

  private static void stored(ApiClient api, io.dooor.agent.shards.ShardAddress at)
      throws java.io.IOException {
    try {
      api.post(
          "/v1/blobs/" + at.blobId() + "/shards/" + at.index() + "/stored", Map.of(), Object.class);
    } catch (ApiException e) {
      throw new java.io.IOException("refused (" + e.code() + "): " + e.getMessage(), e);
    }
  }

  private void deactivate(int i, String reason) throws Exception {
    admin.post(
        "/v1/nodes/" + node(i) + "/deactivate", new Dto.Deactivate(reason), Dto.NodeView.class);
    dead.add(i);
  }

  /** Live nodes beat so that none turns UNREACHABLE while the demo waits. */
  private void heartbeats() throws Exception {
    for (int i = 0; i < nodes.size(); i++) {
      if (!dead.contains(i)) {
        nodes.get(i).heartbeat();
      }
    }
  }

  private Dto.BlobView await(
      EncryptedBlob blob, java.util.function.Predicate<Dto.BlobView> done, Set<String> lost)
      throws Exception {
    Instant end = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      heartbeats();
      Dto.BlobView v = admin.get("/v1/blobs/" + blob.id(), Dto.BlobView.class);
      if (done.test(v)) {
        return v;
      }
      if (Instant.now().isAfter(end)) {
        throw new IllegalStateException("blob not ready: " + v.state() + " lost " + lost);
      }
      Thread.sleep(200);
    }
  }

  private static void placement(Dto.BlobView v) {
    for (Dto.ShardView s : v.shards()) {
      DemoCommand.detail(
          "shard " + s.index() + " " + s.state() + " on " + s.node() + " (" + s.nodeState() + ")");
    }
  }

  private static boolean same(byte[] plain, Path file) throws Exception {
    byte[] got = Files.readAllBytes(file);
    return MessageDigest.isEqual(plain, got);
  }

  private static String node(int i) {
    return "data-" + (i + 1);
  }
}

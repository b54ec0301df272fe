package io.dooor.server;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.client.data.BlobDecoder;
import io.dooor.client.data.BlobId;
import io.dooor.client.data.DataException;
import io.dooor.client.data.EncryptedBlob;
import io.dooor.client.data.ShardGrant;
import io.dooor.client.data.ShardSource;
import io.dooor.client.data.ShardVerifier;
import io.dooor.client.data.VerifiedShards;
import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.BlobShard;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Lease;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.NodeState;
import io.dooor.core.RepairJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The repair job (issue 13): for every blob with shards on DEACTIVATED nodes, or on nodes
 * UNREACHABLE past the grace, takes the blob's lease (fencing token), fetches k healthy shards from
 * their agents with its own GET grants (requests signed as the control plane), rebuilds the lost
 * shards byte for byte ({@link BlobDecoder#rebuild}: ciphertext only, no key), puts each on another
 * ACTIVE node holding no shard of the blob (PUT grant), then moves the placement under its token.
 * Writes are throttled to {@code bytesPerSecond}. What is due is derived from stored state, so a
 * restarted control plane resumes where it stopped; a stale token's placement change is refused.
 */
public final class ShardRepair {
  private final ControlPlane plane;
  private final Identity identity;
  private final String owner;
  private final Duration grace;
  private final Duration leaseTtl;
  private final long bytesPerSecond;
  private final Path spool;
  private final HttpClient http = HttpClient.newHttpClient();

  /** How often the deployment runs a pass. */
  public static final Duration PERIOD = Duration.ofSeconds(30);

  /** UNREACHABLE for this long before a node's shards are rebuilt elsewhere. */
  public static final Duration GRACE = Duration.ofMinutes(10);

  /** A repair lease's length (renewed by each pass). */
  public static final Duration LEASE = Duration.ofMinutes(5);

  /** Write throttle: 16 MiB/s. */
  public static final long BYTES_PER_SECOND = 16L << 20;

  /**
   * The job of a deployment in {@code dataDir}: the control plane's identity, a fresh owner name
   * per process (a restarted process waits for its old lease to run out), spool in {@code
   * dataDir/repair}.
   */
  public static ShardRepair withDefaults(ControlPlane plane, Identity identity, Path dataDir) {
    return of(plane, identity, dataDir, DeploymentConfig.Repair.DEFAULT);
  }

  /** The job of a deployment in {@code dataDir} with {@code settings}' grace and rate. */
  public static ShardRepair of(
      ControlPlane plane, Identity identity, Path dataDir, DeploymentConfig.Repair settings) {
    String owner = "replica-" + java.util.UUID.randomUUID();
    return new ShardRepair(
        plane,
        identity,
        owner,
        settings.grace(),
        LEASE,
        settings.bytesPerSecond(),
        dataDir.resolve("repair"));
  }

  public ShardRepair(
      ControlPlane plane,
      Identity identity,
      String owner,
      Duration grace,
      Duration leaseTtl,
      long bytesPerSecond,
      Path spool) {
    this.plane = plane;
    this.identity = identity;
    this.owner = owner;
    this.grace = grace;
    this.leaseTtl = leaseTtl;
    this.bytesPerSecond = bytesPerSecond;
    this.spool = spool;
  }

  /** One pass over the due shards; returns the shards placed anew. */
  public int runOnce() throws IOException, InterruptedException {
    Map<String, Set<Integer>> due = new TreeMap<>();
    for (RepairJob j : plane.repairsDue(grace)) {
      due.computeIfAbsent(j.blobId(), id -> new TreeSet<>()).add(j.index());
    }
    int placed = 0;
    for (Map.Entry<String, Set<Integer>> e : due.entrySet()) {
      placed += repairBlob(e.getKey(), e.getValue());
    }
    return placed;
  }

  private int repairBlob(String id, Set<Integer> lost) throws IOException, InterruptedException {
    Lease lease;
    try {
      lease = plane.leaseBlob(owner, id, leaseTtl);
    } catch (ControlPlaneException e) {
      return 0; // another replica repairs it
    }
    Blob blob = plane.store().blob(id).orElseThrow();
    EncryptedBlob manifest = BlobManifests.current(blob);
    Path dir = Files.createDirectories(spool).resolve("repair-" + id);
    Files.createDirectories(dir);
    try {
      VerifiedShards healthy = fetch(blob, lost, dir);
      Map<Integer, NodeId> targets = targets(blob, lost);
      Map<Integer, OutputStream> outs = new HashMap<>();
      for (int i : targets.keySet()) {
        outs.put(i, Files.newOutputStream(dir.resolve("rebuilt-" + i)));
      }
      try {
        BlobDecoder.rebuild(healthy, outs);
      } finally {
        for (OutputStream o : outs.values()) {
          o.close();
        }
      }
      int placed = 0;
      for (Map.Entry<Integer, NodeId> t : targets.entrySet()) {
        placed += place(blob, manifest, lease, t.getKey(), t.getValue(), dir);
        manifest = BlobManifests.current(plane.store().blob(id).orElseThrow());
      }
      return placed;
    } catch (DataException | ControlPlaneException | IOException e) {
      failed(blob, lost, e.getMessage());
      return 0;
    } finally {
      deleteAll(dir);
    }
  }

  /** Placed shard {@code index} on {@code to} and moved the placement; 1, or 0 if refused. */
  private int place(Blob blob, EncryptedBlob manifest, Lease lease, int index, NodeId to, Path dir)
      throws IOException, InterruptedException, ControlPlaneException {
    BlobShard lostShard = blob.shards().get(index);
    Path rebuilt = dir.resolve("rebuilt-" + index);
    long size = Files.size(rebuilt);
    plane.repairProgress(
        new RepairJob(
            blob.id(),
            index,
            lostShard.node(),
            Optional.of(to),
            RepairJob.State.PENDING,
            0,
            "",
            plane.clock().instant()));
    throttle(size);
    BlobShard target = new BlobShard(index, lostShard.sha256(), to, BlobShard.State.PENDING);
    put(blob.id(), target, rebuilt);
    EncryptedBlob moved = manifest.withPlacement(index, to);
    plane.repaired(lease, BlobManifests.of(moved), index, to, size);
    return 1;
  }

  private VerifiedShards fetch(Blob blob, Set<Integer> lost, Path dir) throws DataException {
    Map<Integer, ShardSource> sources = new TreeMap<>();
    for (BlobShard s : blob.shards()) {
      Optional<String> endpoint = plane.store().shardEndpoint(s.node());
      if (!lost.contains(s.index())
          && s.state() == BlobShard.State.STORED
          && active(s.node())
          && endpoint.isPresent()) {
        Path file = dir.resolve("shard-" + s.index());
        sources.put(s.index(), () -> spooled(blob.id(), s, endpoint.get(), file));
      }
    }
    return ShardVerifier.verify(BlobManifests.current(blob).coded(), sources);
  }

  /** The shard, fetched once into {@code file} with a GET grant, then read from there. */
  private InputStream spooled(String blob, BlobShard s, String endpoint, Path file)
      throws IOException {
    if (!Files.exists(file)) {
      String grant = grant(ShardGrant.Op.GET, blob, s);
      URI uri = URI.create(endpoint + "/v1/shards/" + blob + "/" + s.index());
      HttpRequest.Builder req = signed("GET", uri, Bytes.empty(), grant).GET();
      HttpResponse<Path> res = send(req.build(), HttpResponse.BodyHandlers.ofFile(file));
      if (res.statusCode() != 200) {
        Files.deleteIfExists(file);
        throw new IOException("node " + s.node() + " answered " + res.statusCode());
      }
    }
    return Files.newInputStream(file);
  }

  /**
   * Streams the rebuilt shard from its file (memory stays one buffer whatever the shard's size):
   * the request signs its content address, which the agent checks against the bytes it receives.
   */
  private void put(String blob, BlobShard target, Path file)
      throws IOException, InterruptedException {
    String endpoint =
        plane
            .store()
            .shardEndpoint(target.node())
            .orElseThrow(() -> new IOException("node " + target.node() + " has no endpoint"));
    URI uri = URI.create(endpoint + "/v1/shards/" + blob + "/" + target.index());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMinutes(5))
            .header("Dooor-Grant", grant(ShardGrant.Op.PUT, blob, target));
    new RequestSigner(identity, plane.clock())
        .signStreamed("PUT", uri, target.sha256())
        .forEach(b::header);
    HttpRequest req = b.PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() / 100 != 2) {
      throw new IOException(
          "node " + target.node() + " refused shard " + target.index() + ": " + res.statusCode());
    }
  }

  private HttpRequest.Builder signed(String method, URI uri, Bytes body, String grant) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).header("Dooor-Grant", grant);
    new RequestSigner(identity, plane.clock()).sign(method, uri, body).forEach(b::header);
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> h)
      throws IOException {
    try {
      return http.send(req, h);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private String grant(ShardGrant.Op op, String blob, BlobShard s) {
    Instant expiry = plane.clock().instant().plus(leaseTtl);
    return ShardGrant.sign(
            identity, op, BlobId.parse(blob), BlobManifests.ref(s), identity.principal(), expiry)
        .text();
  }

  /** ACTIVE nodes with an endpoint and no shard of the blob, one per lost shard. */
  private Map<Integer, NodeId> targets(Blob blob, Set<Integer> lost) throws IOException {
    Set<NodeId> used = new HashSet<>();
    blob.shards().forEach(s -> used.add(s.node()));
    List<NodeId> free = new ArrayList<>();
    for (Node n : plane.store().nodes()) {
      if (n.state() == NodeState.ACTIVE
          && !used.contains(n.id())
          && plane.store().shardEndpoint(n.id()).isPresent()) {
        free.add(n.id());
      }
    }
    Map<Integer, NodeId> out = new TreeMap<>();
    for (int i : lost) {
      if (free.isEmpty()) {
        throw new IOException("no ACTIVE node without a shard of " + blob.id() + " for shard " + i);
      }
      out.put(i, free.remove(0));
    }
    return out;
  }

  private boolean active(NodeId id) {
    return plane.store().node(id).map(n -> n.state() == NodeState.ACTIVE).orElse(false);
  }

  private void failed(Blob blob, Set<Integer> lost, String why) {
    for (int i : lost) {
      try {
        plane.repairProgress(
            new RepairJob(
                blob.id(),
                i,
                blob.shards().get(i).node(),
                Optional.empty(),
                RepairJob.State.FAILED,
                0,
                why == null ? "" : why,
                plane.clock().instant()));
      } catch (ControlPlaneException e) {
        // recorded on the next pass
      }
    }
  }

  /** Sleeps so that writes average at most {@code bytesPerSecond}. */
  private void throttle(long bytes) throws InterruptedException {
    if (bytesPerSecond > 0) {
      Thread.sleep(bytes * 1000 / bytesPerSecond);
    }
  }

  private static void deleteAll(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}

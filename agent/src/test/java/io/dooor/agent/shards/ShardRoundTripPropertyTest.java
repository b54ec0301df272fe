package io.dooor.agent.shards;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.agent.run.AgentLog;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.PublicKeys;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.data.BlobDecoder;
import io.dooor.client.data.BlobEncoder;
import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.EncodedBlob;
import io.dooor.client.data.ShardClient;
import io.dooor.client.data.ShardGrant;
import io.dooor.client.data.ShardRef;
import io.dooor.client.data.ShardSource;
import io.dooor.client.data.ShardVerifier;
import io.dooor.client.data.VerifiedShards;
import io.dooor.core.NodeId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sizes (0, 1, chunk and stripe boundaries, a few MiB) and random k of n, through real shard
 * endpoints: encode, PUT every shard to its own agent endpoint with a grant, lose n-k random
 * shards, GET the rest with grants, verify, decode: byte-identical. The seed is printed.
 */
class ShardRoundTripPropertyTest {
  private static final Identity CONTROL_PLANE = Identity.generate();
  private static final int ENDPOINTS = 8;
  @TempDir static Path dir;
  private static final List<ShardServer> servers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    PrintStream quiet =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    for (int i = 0; i < ENDPOINTS; i++) {
      servers.add(
          ShardServer.start(
              new InetSocketAddress("127.0.0.1", 0),
              new ShardStore(dir.resolve("node-" + i)),
              new ShardGrants(
                  PublicKeys.parseSpki(CONTROL_PLANE.publicKeySpki()),
                  NodeId.of("node-" + i),
                  Clock.systemUTC()),
              new RequestVerifier(Clock.systemUTC(), new InMemoryNonceRegistry(Clock.systemUTC())),
              at -> {},
              new AgentLog(quiet, Clock.systemUTC())));
    }
  }

  @AfterAll
  static void stop() {
    servers.forEach(ShardServer::close);
  }

  @Test
  void randomSizesAndKofNRoundTripThroughAgents() throws Exception {
    long seed = new java.security.SecureRandom().nextLong();
    System.out.println("ShardRoundTripPropertyTest seed " + seed);
    Random rnd = new Random(seed);
    Identity client = Identity.generate();
    int chunk = 4096;
    List<Long> sizes =
        new ArrayList<>(
            List.of(0L, 1L, (long) chunk - 1, (long) chunk, (long) chunk + 1, 3L << 20));
    for (int i = 0; i < 6; i++) {
      sizes.add((long) rnd.nextInt(300_000));
    }
    for (long size : sizes) {
      int n = 1 + rnd.nextInt(ENDPOINTS);
      int k = 1 + rnd.nextInt(n);
      BlobLayout layout = new BlobLayout(chunk, k, n, 1024 * (1 + rnd.nextInt(8)));
      roundTrip(rnd, client, layout, (int) size);
    }
  }

  private void roundTrip(Random rnd, Identity client, BlobLayout layout, int size)
      throws Exception {
    byte[] plain = new byte[size];
    rnd.nextBytes(plain);
    int n = layout.totalShards();
    List<ByteArrayOutputStream> outs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      outs.add(new ByteArrayOutputStream());
    }
    EncodedBlob blob = BlobEncoder.create(layout, 0).encode(new ByteArrayInputStream(plain), outs);
    ShardClient shards = new ShardClient(client);
    Path files = Files.createTempDirectory(dir, "up");
    for (int i = 0; i < n; i++) {
      Path f = files.resolve("s" + i);
      Files.write(f, outs.get(i).toByteArray());
      shards.put(endpoint(i), grant(ShardGrant.Op.PUT, blob, i, client), f);
    }
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      kept.add(i);
    }
    Collections.shuffle(kept, rnd);
    Map<Integer, ShardSource> sources = new HashMap<>();
    for (int i : kept.subList(0, layout.dataShards())) {
      byte[] fetched;
      try (InputStream in = shards.get(endpoint(i), grant(ShardGrant.Op.GET, blob, i, client))) {
        fetched = in.readAllBytes();
      }
      sources.put(i, () -> new ByteArrayInputStream(fetched));
    }
    VerifiedShards verified = ShardVerifier.verify(blob.coded(), sources, 0);
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    BlobDecoder.decode(verified, blob.key(), back, 0);
    assertThat(back.toByteArray())
        .as("size %d, %s, shards %s", size, layout, sources.keySet())
        .isEqualTo(plain);
  }

  private static URI endpoint(int i) {
    return URI.create("http://127.0.0.1:" + servers.get(i).address().getPort());
  }

  private static ShardGrant grant(ShardGrant.Op op, EncodedBlob blob, int i, Identity to) {
    ShardRef ref = new ShardRef(i, blob.coded().shardHashes().get(i), NodeId.of("node-" + i));
    return ShardGrant.sign(
        CONTROL_PLANE, op, blob.coded().id(), ref, to.principal(), Instant.now().plusSeconds(60));
  }
}

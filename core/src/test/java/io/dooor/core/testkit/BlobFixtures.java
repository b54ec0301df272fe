package io.dooor.core.testkit;

import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.BlobShard;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Random blobs for store tests: every field drawn, within each record's invariants. */
public final class BlobFixtures {
  private BlobFixtures() {}

  public static Blob random(Random r) {
    int n = 1 + r.nextInt(r.nextBoolean() ? 5 : 40);
    List<BlobShard> shards = new ArrayList<>();
    BlobShard.State[] states = BlobShard.State.values();
    for (int i = 0; i < n; i++) {
      shards.add(
          new BlobShard(i, bytes(r, 32), NodeId.of("node-" + i), states[r.nextInt(states.length)]));
    }
    List<NodeId> targets = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(Math.min(n, 6)); i++) {
      targets.add(NodeId.of("node-" + i));
    }
    List<Principal> recovery = new ArrayList<>();
    for (int i = 0; i < r.nextInt(4); i++) {
      recovery.add(Principal.of(bytes(r, r.nextInt(30))));
    }
    Blob.State[] blobStates = Blob.State.values();
    return new Blob(
        HexFormat.of().formatHex(bytes(r, 16).toArray()),
        blobStates[r.nextInt(blobStates.length)],
        bytes(r, r.nextInt(2000)),
        bytes(r, 32),
        r.nextInt(1 << 20),
        1 + r.nextInt(n),
        r.nextLong() & Long.MAX_VALUE,
        shards,
        targets,
        recovery,
        Principal.of(bytes(r, 29)),
        StoreFixtures.T0.plusNanos(r.nextInt(1_000_000_000)));
  }

  public static Bytes bytes(Random r, int length) {
    byte[] b = new byte[length];
    r.nextBytes(b);
    return Bytes.of(b);
  }
}

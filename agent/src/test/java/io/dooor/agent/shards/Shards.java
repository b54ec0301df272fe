package io.dooor.agent.shards;

import io.dooor.client.data.BlobEncoder;
import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.EncodedBlob;
import io.dooor.common.Bytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Real shards of a random blob, encoded by the client's BlobEncoder (3 of 5). */
final class Shards {
  private Shards() {}

  record Shard(ShardAddress at, Bytes sha256, byte[] bytes) {
    InputStream stream() {
      return new ByteArrayInputStream(bytes);
    }
  }

  /** Shard {@code index} of a fresh blob of {@code size} random bytes. */
  static Shard one(int index, int size) throws IOException {
    return all(size).get(index);
  }

  static List<Shard> all(int size) throws IOException {
    byte[] plain = new byte[size];
    new SecureRandom().nextBytes(plain);
    List<ByteArrayOutputStream> outs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      outs.add(new ByteArrayOutputStream());
    }
    EncodedBlob blob =
        BlobEncoder.create(BlobLayout.DEFAULT, 0).encode(new ByteArrayInputStream(plain), outs);
    List<Shard> shards = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      shards.add(
          new Shard(
              new ShardAddress(blob.coded().id(), i),
              blob.coded().shardHashes().get(i),
              outs.get(i).toByteArray()));
    }
    return shards;
  }
}

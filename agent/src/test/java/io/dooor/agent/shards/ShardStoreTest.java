package io.dooor.agent.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.data.BlobId;
import io.dooor.common.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardStoreTest {
  @TempDir Path dir;

  @Test
  void storesAShardWithItsHashAndTakesTheSameBytesAgain() throws Exception {
    ShardStore store = new ShardStore(dir);
    Shards.Shard s = Shards.one(2, 100_000);
    assertThat(store.put(s.at(), s.sha256(), s.stream())).isEqualTo(ShardStore.Outcome.STORED);
    assertThat(store.put(s.at(), s.sha256(), s.stream()))
        .isEqualTo(ShardStore.Outcome.ALREADY_STORED);
    assertThat(Files.readAllBytes(store.find(s.at()).orElseThrow())).isEqualTo(s.bytes());
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void refusesBytesWithAnotherHashAndKeepsNothing() throws Exception {
    ShardStore store = new ShardStore(dir);
    Shards.Shard s = Shards.one(0, 5000);
    byte[] changed = s.bytes().clone();
    changed[changed.length - 1] ^= 1;
    assertThatThrownBy(() -> store.put(s.at(), s.sha256(), new ByteArrayInputStream(changed)))
        .isInstanceOfSatisfying(
            ShardRequestException.class, e -> assertThat(e.field()).isEqualTo("body"));
    assertThat(store.find(s.at())).isEmpty();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void refusesAnotherShardsHeaderEvenWithItsOwnHash() throws Exception {
    ShardStore store = new ShardStore(dir);
    Shards.Shard s = Shards.one(1, 3000);
    ShardAddress elsewhere = new ShardAddress(s.at().blobId(), 3);
    assertThatThrownBy(() -> store.put(elsewhere, s.sha256(), s.stream()))
        .isInstanceOfSatisfying(
            ShardRequestException.class,
            e -> assertThat(e.getMessage()).contains("shard 1").contains("shard 3"));
    assertThatThrownBy(
            () ->
                store.put(
                    s.at(), Digests.sha256(new byte[5]), new ByteArrayInputStream(new byte[5])))
        .hasMessageContaining("28-byte header");
    assertThat(store.find(elsewhere)).isEmpty();
  }

  @Test
  void aBadPutLeavesAGoodShardInPlace() throws Exception {
    ShardStore store = new ShardStore(dir);
    Shards.Shard s = Shards.one(0, 2000);
    store.put(s.at(), s.sha256(), s.stream());
    assertThatThrownBy(() -> store.put(s.at(), s.sha256(), new ByteArrayInputStream(new byte[40])));
    assertThat(Files.readAllBytes(store.find(s.at()).orElseThrow())).isEqualTo(s.bytes());
    assertThat(new ShardStore(dir).find(s.at())).isPresent();
    assertThat(new ShardStore(dir).find(new ShardAddress(BlobId.random(), 0))).isEmpty();
  }

  private Stream<Path> leftovers() throws IOException {
    return Files.walk(dir).filter(p -> p.toString().endsWith(".part")).toList().stream();
  }
}

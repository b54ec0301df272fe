package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.data.DataException.Reason;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest: canonical round trip, every invariant refused, strict parsing of its bytes. */
class EncryptedBlobTest {
  private final EncryptedBlob blob = Manifests.example(3, 5, 2);

  @Test
  void roundTripsCanonically() throws DataException {
    Bytes bytes = blob.toBytes();
    EncryptedBlob parsed = EncryptedBlob.parse(bytes);
    assertThat(parsed).isEqualTo(blob);
    assertThat(parsed.toBytes()).isEqualTo(bytes);
    assertThat(parsed.digest()).isEqualTo(Digests.sha256(bytes.toArray()));
    assertThat(parsed.coded().shardHashes()).hasSize(5);
    assertThat(bytes.slice(0, 5)).isEqualTo(Bytes.of(new byte[] {'D', 'B', 'L', 'B', 1}));
  }

  @Test
  void placementAndRewrapMakeNewManifests() throws DataException {
    EncryptedBlob moved = blob.withPlacement(2, NodeId.of("node-9"));
    assertThat(moved.shards().get(2).node()).isEqualTo(NodeId.of("node-9"));
    assertThat(moved.shards().get(2).sha256()).isEqualTo(blob.shards().get(2).sha256());
    assertThat(EncryptedBlob.parse(moved.toBytes())).isEqualTo(moved);
    EncryptedBlob rewrapped = blob.withWrappedKey(new WrappedDataKey(8, Bytes.of(new byte[] {1})));
    assertThat(rewrapped.wrappedKey().epoch()).isEqualTo(8);
    assertThat(rewrapped.digest()).isNotEqualTo(blob.digest());
  }

  @Test
  void invariantsAreCheckedByTheConstructors() {
    List<ShardRef> shards = blob.shards();
    assertRefused(() -> withShards(shards.subList(0, 4)), "shard hashes for 5");
    List<ShardRef> shared = new ArrayList<>(shards);
    shared.set(1, new ShardRef(1, shards.get(1).sha256(), shards.get(0).node()));
    assertRefused(() -> withShards(shared), "share node");
    List<ShardRef> swapped = new ArrayList<>(shards);
    swapped.set(0, shards.get(1));
    swapped.set(1, shards.get(0));
    assertRefused(() -> withShards(swapped), "has index");
    assertRefused(
        () -> new ShardRef(0, Bytes.of(new byte[31]), NodeId.of("a")), "hash is 32 bytes");
    assertRefused(() -> withTargets(List.of()), "target nodes");
    assertRefused(() -> withTargets(List.of(NodeId.of("a"), NodeId.of("a"))), "listed twice");
    List<Principal> many = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      many.add(Principal.selfAuthenticating(new byte[] {(byte) i}));
    }
    assertRefused(
        () ->
            new EncryptedBlob(
                blob.id(),
                blob.size(),
                blob.layout(),
                blob.wrappedKey(),
                shards,
                blob.targets(),
                many),
        "recovery principal");
    assertRefused(() -> new WrappedDataKey(1L << 32, Bytes.of(new byte[1])), "epoch");
    assertRefused(() -> new WrappedDataKey(0, Bytes.empty()), "wrapped key");
    assertRefused(() -> new BlobLayout(8, 3, 5, 1024), "chunk size");
    assertRefused(() -> new BlobLayout(1024, 4, 3, 1024), "k <= n");
    assertRefused(() -> new BlobLayout(1024, 1, 255, 1 << 20), "unit size");
    assertRefused(
        () -> new CodedBlob(blob.id(), -1, blob.layout(), blob.coded().shardHashes()), "size");
  }

  @Test
  void parserRefusesEveryTruncationAndTrailingByte() {
    byte[] bytes = blob.toBytes().toArray();
    for (int len = 0; len < bytes.length; len++) {
      assertMalformed(Arrays.copyOf(bytes, len));
    }
    assertMalformed(Arrays.copyOf(bytes, bytes.length + 1));
  }

  @Test
  void parserRefusesBadFields() {
    byte[] bytes = blob.toBytes().toArray();
    int[] positions = {0, 4, 5 + 16, 5 + 16 + 8 + 4, 5 + 16 + 8 + 5};
    byte[] values = {'X', 2, (byte) 0x80, 0, 6};
    for (int i = 0; i < positions.length; i++) {
      byte[] bad = bytes.clone();
      bad[positions[i]] = values[i];
      assertMalformed(bad);
    }
  }

  @Test
  void layoutGeometry() {
    BlobLayout l = new BlobLayout(16, 3, 5, 10);
    assertThat(l.chunks(0)).isEqualTo(1);
    assertThat(l.ciphertextLength(0)).isEqualTo(49);
    assertThat(l.stripes(0)).isEqualTo(2);
    assertThat(l.lastUnit(0)).isEqualTo(7);
    assertThat(l.shardBodyLength(0)).isEqualTo(17);
    assertThat(l.ciphertextLength(32)).isEqualTo(33 + 32 + 32);
    assertThat(l.lastUnit(11)).isEqualTo(10);
    assertThat(l.stripes(11)).isEqualTo(2);
    assertThat(BlobLayout.DEFAULT.maxSize()).isEqualTo(1L << 40);
  }

  private EncryptedBlob withShards(List<ShardRef> shards) {
    return new EncryptedBlob(
        blob.id(),
        blob.size(),
        blob.layout(),
        blob.wrappedKey(),
        shards,
        blob.targets(),
        blob.recovery());
  }

  private EncryptedBlob withTargets(List<NodeId> targets) {
    return new EncryptedBlob(
        blob.id(),
        blob.size(),
        blob.layout(),
        blob.wrappedKey(),
        blob.shards(),
        targets,
        blob.recovery());
  }

  private static void assertRefused(Runnable r, String mention) {
    assertThatThrownBy(r::run)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(mention);
  }

  private static void assertMalformed(byte[] bytes) {
    assertThatThrownBy(() -> EncryptedBlob.parse(Bytes.of(bytes)))
        .isInstanceOfSatisfying(
            DataException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_MANIFEST));
  }
}

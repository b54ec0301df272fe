package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.data.DataException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * encrypt + encode, verify, decode + decrypt and rebuild, in memory, over random sizes (0, 1, chunk
 * and stripe boundaries, large), random k of n and random erasure and corruption patterns (seed
 * printed).
 */
class BlobPipelineTest {
  @Test
  void anyKShardsRestoreTheBlob() throws Exception {
    long seed = new SecureRandom().nextLong();
    System.out.println("BlobPipelineTest seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 150; round++) {
      int n = rnd.nextInt(1, 12);
      int k = rnd.nextInt(1, n + 1);
      int chunk = rnd.nextInt(16, 200);
      int unit = rnd.nextBoolean() ? rnd.nextInt(1, 100) : chunk + 16;
      BlobLayout layout = new BlobLayout(chunk, k, n, unit);
      byte[] plain = StreamVectors.random(rnd, size(rnd, layout));
      int threads = rnd.nextInt(0, n + 1);
      Encoded e = Encoded.of(layout, plain, threads);
      assertThat(e.blob.coded().size()).isEqualTo(plain.length);
      for (byte[] s : e.shards) {
        assertThat((long) s.length).isEqualTo(layout.shardLength(plain.length));
      }
      Map<Integer, ShardSource> offered = e.sources();
      int lost = rnd.nextInt(0, n - k + 1);
      for (int i = 0; i < lost; i++) {
        offered.remove(rnd.nextInt(n));
      }
      VerifiedShards verified = ShardVerifier.verify(e.blob.coded(), offered, threads);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BlobDecoder.decode(verified, e.key, out, threads);
      assertThat(out.toByteArray())
          .as("k=%d n=%d size=%d threads=%d", k, n, plain.length, threads)
          .isEqualTo(plain);
      assertRebuilds(e, verified);
    }
  }

  @Test
  void aCorruptShardCountsAsMissingAndIsReported() throws Exception {
    Encoded e = Encoded.of(new BlobLayout(64, 2, 5, 50), new byte[1000]);
    Map<Integer, ShardSource> offered = e.sources();
    byte[] bad = e.shards.get(1).clone();
    bad[bad.length - 1] ^= 1;
    offered.put(1, () -> new ByteArrayInputStream(bad));
    byte[] shortened = java.util.Arrays.copyOf(e.shards.get(0), 100);
    offered.put(0, () -> new ByteArrayInputStream(shortened));
    offered.put(2, () -> new ByteArrayInputStream(e.shards.get(3)));
    VerifiedShards verified = ShardVerifier.verify(e.blob.coded(), offered);
    assertThat(verified.corrupt()).containsOnlyKeys(0, 1, 2);
    assertThat(verified.corrupt().get(1)).contains("SHA-256");
    assertThat(verified.corrupt().get(0)).contains("body bytes");
    assertThat(verified.corrupt().get(2)).contains("header");
    assertThat(verified.used()).containsExactly(3, 4);
  }

  @Test
  void fewerThanKHealthyShardsAreRefusedNamingTheMissing() throws Exception {
    Encoded e = Encoded.of(BlobLayout.of(3, 5), new byte[10_000]);
    Map<Integer, ShardSource> offered = e.sources();
    offered.remove(0);
    offered.remove(3);
    byte[] bad = e.shards.get(4).clone();
    bad[40] ^= 1;
    offered.put(4, () -> new ByteArrayInputStream(bad));
    offered.put(
        2,
        () -> {
          throw new IOException("node down");
        });
    assertThatThrownBy(() -> ShardVerifier.verify(e.blob.coded(), offered))
        .isInstanceOfSatisfying(
            DataException.class,
            x -> {
              assertThat(x.reason()).isEqualTo(Reason.TOO_FEW_SHARDS);
              assertThat(x.shards()).containsExactly(0, 2, 3, 4);
              assertThat(x.getMessage()).contains("need 3 of 5").contains("corrupt: {4=");
            });
  }

  @Test
  void aShardChangedAfterVerificationIsNamed() throws Exception {
    Encoded e = Encoded.of(new BlobLayout(64, 2, 4, 64), new byte[5000]);
    Map<Integer, ShardSource> offered = e.sources();
    int[] opens = {0};
    byte[] later = e.shards.get(1).clone();
    later[later.length - 1] ^= 1;
    offered.put(1, () -> new ByteArrayInputStream(opens[0]++ == 0 ? e.shards.get(1) : later));
    VerifiedShards verified = ShardVerifier.verify(e.blob.coded(), offered);
    assertThatThrownBy(() -> e.decode(verified))
        .isInstanceOfSatisfying(
            DataException.class,
            x -> {
              assertThat(x.reason()).isEqualTo(Reason.SHARD_CORRUPT);
              assertThat(x.shards()).containsExactly(1);
            });
  }

  @Test
  void theWrongKeyFailsAtChunkZero() throws Exception {
    Encoded e = Encoded.of(BlobLayout.of(3, 5), new byte[100]);
    VerifiedShards verified = ShardVerifier.verify(e.blob.coded(), e.sources());
    assertThatThrownBy(
            () -> BlobDecoder.decode(verified, DataKey.generate(), new ByteArrayOutputStream()))
        .isInstanceOfSatisfying(
            DataException.class,
            x -> {
              assertThat(x.reason()).isEqualTo(Reason.REORDERED_OR_MODIFIED);
              assertThat(x.chunk()).hasValue(0);
            });
  }

  private static void assertRebuilds(Encoded e, VerifiedShards verified) throws Exception {
    Map<Integer, ByteArrayOutputStream> targets = new TreeMap<>();
    for (int i = 0; i < e.shards.size(); i++) {
      if (!verified.used().contains(i)) {
        targets.put(i, new ByteArrayOutputStream());
      }
    }
    BlobDecoder.rebuild(verified, targets);
    targets.forEach(
        (i, out) -> assertThat(out.toByteArray()).as("shard %d", i).isEqualTo(e.shards.get(i)));
  }

  private static int size(SplittableRandom rnd, BlobLayout l) {
    int stripe = l.dataShards() * l.unitSize();
    switch (rnd.nextInt(6)) {
      case 0:
        return rnd.nextInt(0, 2);
      case 1:
        return l.chunkSize() * rnd.nextInt(1, 5) + rnd.nextInt(-1, 2);
      case 2:
        return Math.max(0, stripe * rnd.nextInt(1, 5) - 33 - 16 + rnd.nextInt(-1, 2));
      case 3:
        return rnd.nextInt(0, 200_000);
      default:
        return rnd.nextInt(0, 3000);
    }
  }

  /** A blob encoded into in-memory shards. */
  static final class Encoded {
    final EncryptedBlob blob;
    final DataKey key;
    final List<byte[]> shards;

    private Encoded(EncryptedBlob blob, DataKey key, List<byte[]> shards) {
      this.blob = blob;
      this.key = key;
      this.shards = shards;
    }

    static Encoded of(BlobLayout layout, byte[] plain) throws IOException {
      return of(layout, plain, layout.totalShards());
    }

    static Encoded of(BlobLayout layout, byte[] plain, int threads) throws IOException {
      List<ByteArrayOutputStream> sinks = new ArrayList<>();
      for (int i = 0; i < layout.totalShards(); i++) {
        sinks.add(new ByteArrayOutputStream());
      }
      EncodedBlob enc =
          BlobEncoder.create(layout, threads).encode(new ByteArrayInputStream(plain), sinks);
      List<io.dooor.core.NodeId> nodes = new ArrayList<>();
      List<byte[]> shards = new ArrayList<>();
      for (int i = 0; i < sinks.size(); i++) {
        nodes.add(io.dooor.core.NodeId.of("n" + i));
        shards.add(sinks.get(i).toByteArray());
      }
      WrappedDataKey wrapped = new WrappedDataKey(0, io.dooor.common.Bytes.of(new byte[] {1}));
      EncryptedBlob blob = EncryptedBlob.create(enc.coded(), wrapped, nodes, nodes, List.of());
      return new Encoded(blob, enc.key(), shards);
    }

    Map<Integer, ShardSource> sources() {
      Map<Integer, ShardSource> m = new HashMap<>();
      for (int i = 0; i < shards.size(); i++) {
        byte[] s = shards.get(i);
        m.put(i, () -> new ByteArrayInputStream(s));
      }
      return m;
    }

    byte[] decode(VerifiedShards verified) throws IOException, DataException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BlobDecoder.decode(verified, key, out);
      return out.toByteArray();
    }
  }
}

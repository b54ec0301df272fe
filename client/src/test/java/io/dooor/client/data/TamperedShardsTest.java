package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.data.DataException.Reason;
import io.dooor.client.data.internal.StripeWriter;
import io.dooor.client.data.internal.Workers;
import io.dooor.common.Bytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue #13's acceptance: truncated, reordered, spliced or modified ciphertext that an attacker
 * re-encodes into well-formed shards (so every shard's SHA-256 matches a manifest made for them)
 * passes shard verification and is caught by the chunked AEAD in {@link BlobDecoder}, with a {@link
 * DataException} naming the reason and the chunk.
 */
class TamperedShardsTest {
  private static final int CHUNK = 1024;
  private static final int SEALED = CHUNK + ChunkedAead.TAG_LENGTH;
  private static final int HEADER = ChunkedAead.HEADER_LENGTH;
  private static final BlobLayout LAYOUT = new BlobLayout(CHUNK, 3, 5, 512);

  private final DataKey key = DataKey.generate();
  private final BlobId id = BlobId.random();
  private final byte[] plain = StreamVectors.random(new SplittableRandom(13), 6 * CHUNK + 100);

  private byte[] encrypt(DataKey k, BlobId blob) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedAead.encrypt(k, blob, CHUNK, new ByteArrayInputStream(plain), out);
    return out.toByteArray();
  }

  /**
   * Codes a ciphertext stream into 5 shards as the encoder would, for a manifest of {@code size}.
   */
  private record Reencoded(CodedBlob coded, List<byte[]> shards) {
    static Reencoded of(BlobId id, long size, byte[] ciphertext) throws Exception {
      List<ByteArrayOutputStream> sinks = new ArrayList<>();
      for (int i = 0; i < LAYOUT.totalShards(); i++) {
        sinks.add(new ByteArrayOutputStream());
      }
      List<Bytes> hashes;
      try (Workers w = Workers.create(0)) {
        StripeWriter stripes = new StripeWriter(LAYOUT, id, sinks, w);
        stripes.write(ciphertext);
        hashes = stripes.finish();
      }
      return new Reencoded(
          new CodedBlob(id, size, LAYOUT, hashes),
          sinks.stream().map(ByteArrayOutputStream::toByteArray).toList());
    }

    /** Verifies shards 1, 3 and 4 (0 and 2 lost) and decodes them with {@code key}. */
    byte[] decode(DataKey key) throws Exception {
      Map<Integer, ShardSource> offered = new TreeMap<>();
      for (int i : new int[] {1, 3, 4}) {
        byte[] shard = shards.get(i);
        offered.put(i, () -> new ByteArrayInputStream(shard));
      }
      VerifiedShards verified = ShardVerifier.verify(coded, offered);
      assertThat(verified.used()).containsExactly(1, 3, 4);
      assertThat(verified.corrupt()).isEmpty();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BlobDecoder.decode(verified, key, out);
      return out.toByteArray();
    }
  }

  private void assertRefused(Reencoded r, Reason reason, long chunk) {
    assertThatThrownBy(() -> r.decode(key))
        .isInstanceOfSatisfying(
            DataException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.chunk()).hasValue(chunk);
              assertThat(e.getMessage()).isNotBlank();
            });
  }

  private static int chunkAt(int index) {
    return HEADER + index * SEALED;
  }

  @Test
  void theUntamperedStreamReencodedDecodes() throws Exception {
    assertThat(Reencoded.of(id, plain.length, encrypt(key, id)).decode(key)).isEqualTo(plain);
  }

  @Test
  void truncatedCiphertextIsTruncated() throws Exception {
    byte[] ct = encrypt(key, id);
    // the final, short chunk 6 cut off: 6 whole chunks remain, none marked final; the manifest
    // claims the 6 x CHUNK bytes that they would hold
    byte[] cut = Arrays.copyOf(ct, chunkAt(6));
    assertRefused(Reencoded.of(id, 6L * CHUNK, cut), Reason.TRUNCATED, 5);
    // two chunks cut off
    byte[] shorter = Arrays.copyOf(ct, chunkAt(5));
    assertRefused(Reencoded.of(id, 5L * CHUNK, shorter), Reason.TRUNCATED, 4);
  }

  @Test
  void twoSwappedChunksAreReordered() throws Exception {
    byte[] ct = encrypt(key, id);
    byte[] swapped = ct.clone();
    System.arraycopy(ct, chunkAt(2), swapped, chunkAt(4), SEALED);
    System.arraycopy(ct, chunkAt(4), swapped, chunkAt(2), SEALED);
    assertRefused(Reencoded.of(id, plain.length, swapped), Reason.REORDERED_OR_MODIFIED, 2);
  }

  @Test
  void aChunkSplicedFromAnotherBlobIsRefused() throws Exception {
    byte[] ct = encrypt(key, id);
    // another blob under its own key, another blob under this key (never done, still refused),
    // and this blob encrypted again (another nonce prefix)
    for (byte[] donor :
        new byte[][] {
          encrypt(DataKey.generate(), BlobId.random()),
          encrypt(key, BlobId.random()),
          encrypt(key, id)
        }) {
      byte[] spliced = ct.clone();
      System.arraycopy(donor, chunkAt(3), spliced, chunkAt(3), SEALED);
      assertRefused(Reencoded.of(id, plain.length, spliced), Reason.REORDERED_OR_MODIFIED, 3);
    }
  }

  @Test
  void modifiedCiphertextOrTagIsRefusedAtItsChunk() throws Exception {
    byte[] ct = encrypt(key, id);
    SplittableRandom rnd = new SplittableRandom(7);
    for (int chunk = 0; chunk <= 6; chunk++) {
      int end = Math.min(ct.length, chunkAt(chunk + 1));
      // a byte of the chunk's ciphertext and a byte of its tag
      for (int at : new int[] {rnd.nextInt(chunkAt(chunk), end - 16), end - 1}) {
        byte[] bad = ct.clone();
        bad[at] ^= (byte) (1 << rnd.nextInt(8));
        assertRefused(Reencoded.of(id, plain.length, bad), Reason.REORDERED_OR_MODIFIED, chunk);
      }
    }
  }

  @Test
  void theReencodedShardsDifferFromTheOriginalsSoOnlyAForgedManifestVerifiesThem()
      throws Exception {
    byte[] ct = encrypt(key, id);
    Reencoded honest = Reencoded.of(id, plain.length, ct);
    byte[] bad = ct.clone();
    bad[chunkAt(1) + 5] ^= 1;
    Reencoded forged = Reencoded.of(id, plain.length, bad);
    assertThat(forged.coded().shardHashes()).isNotEqualTo(honest.coded().shardHashes());
    // the forged shards offered against the honest manifest fail verification as corrupt
    Map<Integer, ShardSource> offered = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      byte[] shard = forged.shards().get(i);
      offered.put(i, () -> new ByteArrayInputStream(shard));
    }
    assertThatThrownBy(() -> ShardVerifier.verify(honest.coded(), offered))
        .isInstanceOfSatisfying(
            DataException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_FEW_SHARDS));
  }
}

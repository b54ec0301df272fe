package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Digests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Known vectors of Backblaze JavaReedSolomon and klauspost/reedsolomon (same construction), and
 * randomized properties (seed printed): any k of n shards restore every shard, for random k, n,
 * lengths, offsets and erasure patterns.
 */
class ReedSolomonTest {
  @Test
  void backblazeOneEncodeVector() {
    // ReedSolomonTest.testOneEncode (Backblaze), TestOneEncode (klauspost): 5 data + 5 parity
    byte[][] shards = {
      {0, 1},
      {4, 5},
      {2, 3},
      {6, 7},
      {8, 9},
      new byte[2],
      new byte[2],
      new byte[2],
      new byte[2],
      new byte[2]
    };
    ReedSolomon.create(5, 10).encode(shards, 0, 2);
    assertThat(shards[5]).containsExactly(12, 13);
    assertThat(shards[6]).containsExactly(10, 11);
    assertThat(shards[7]).containsExactly(14, 15);
    assertThat(shards[8]).containsExactly(90, 91);
    assertThat(shards[9]).containsExactly(94, 95);
  }

  @Test
  void klauspostParityVectors() throws IOException {
    List<String[]> rows = vectors();
    assertThat(rows).hasSize(11);
    for (String[] v : rows) {
      int k = Integer.parseInt(v[0]);
      int n = Integer.parseInt(v[1]);
      int size = Integer.parseInt(v[2]);
      byte[][] shards = new byte[n][size];
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < size; j++) {
          shards[i][j] = (byte) ((i * 131 + j * 7 + 3) % 256);
        }
      }
      ReedSolomon.create(k, n).encode(shards, 0, size);
      byte[] parity = new byte[(n - k) * size];
      for (int i = k; i < n; i++) {
        System.arraycopy(shards[i], 0, parity, (i - k) * size, size);
      }
      String label = "k=" + k + " n=" + n;
      assertThat(Digests.sha256(parity).hex()).as(label).isEqualTo(v[3]);
      if (n > k) {
        String first = HexFormat.of().formatHex(shards[k], 0, Math.min(32, size));
        assertThat(first).as(label).isEqualTo(v[4]);
      }
      assertRestoresFromEveryPattern(k, n, shards, new SplittableRandom(k * 1000L + n), 20);
    }
  }

  @Test
  void systematicAndEveryKRowsInvertibleForSmallCodes() {
    for (int n = 1; n <= 8; n++) {
      for (int k = 1; k <= n; k++) {
        ReedSolomon rs = ReedSolomon.create(k, n);
        for (int r = 0; r < k; r++) {
          for (int c = 0; c < k; c++) {
            assertThat(rs.coefficient(r, c)).isEqualTo(r == c ? 1 : 0);
          }
        }
        byte[][] shards = randomShards(new SplittableRandom(n * 31L + k), k, n, 64);
        rs.encode(shards, 0, 64);
        assertRestoresFromAllSubsets(rs, shards);
      }
    }
  }

  @Test
  void randomCodesLengthsOffsetsAndErasures() {
    long seed = new SecureRandom().nextLong();
    System.out.println("ReedSolomonTest seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 60; round++) {
      int n = round < 50 ? rnd.nextInt(1, 20) : rnd.nextInt(1, 256);
      int k = rnd.nextInt(1, n + 1);
      int len = pickLength(rnd);
      byte[][] shards = randomShards(rnd, k, n, len);
      ReedSolomon.create(k, n).encode(shards, 0, len);
      assertRestoresFromEveryPattern(k, n, shards, rnd, 5);
      assertOffsetsAreHonoured(k, n, shards, rnd, len);
    }
  }

  @Test
  void refusesBadParametersAndTooFewShards() {
    assertThatThrownBy(() -> ReedSolomon.create(0, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReedSolomon.create(4, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReedSolomon.create(3, 256))
        .isInstanceOf(IllegalArgumentException.class);
    ReedSolomon rs = ReedSolomon.create(3, 5);
    BitSet two = new BitSet();
    two.set(0, 2);
    BitSet rest = new BitSet();
    rest.set(2, 5);
    assertThatThrownBy(() -> rs.reconstruction(two, rest))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ReedSolomon.create(255, 255).totalShards()).isEqualTo(255);
  }

  private static int pickLength(SplittableRandom rnd) {
    switch (rnd.nextInt(4)) {
      case 0:
        return rnd.nextInt(0, 9);
      case 1:
        return 4096 * rnd.nextInt(1, 3) + rnd.nextInt(-1, 2);
      default:
        return rnd.nextInt(0, 3000);
    }
  }

  private static byte[][] randomShards(SplittableRandom rnd, int k, int n, int len) {
    byte[][] shards = new byte[n][len];
    for (int i = 0; i < k; i++) {
      rnd.nextBytes(shards[i]);
    }
    return shards;
  }

  /** Erases up to n - k random shards, `tries` times, and checks every shard comes back. */
  private static void assertRestoresFromEveryPattern(
      int k, int n, byte[][] shards, SplittableRandom rnd, int tries) {
    ReedSolomon rs = ReedSolomon.create(k, n);
    for (int t = 0; t < tries; t++) {
      boolean[] present = new boolean[n];
      java.util.Arrays.fill(present, true);
      int erase = rnd.nextInt(0, n - k + 1);
      for (int e = 0; e < erase; e++) {
        present[rnd.nextInt(n)] = false;
      }
      assertRestores(rs, shards, present);
    }
  }

  private static void assertRestoresFromAllSubsets(ReedSolomon rs, byte[][] shards) {
    int n = rs.totalShards();
    for (int mask = 0; mask < (1 << n); mask++) {
      if (Integer.bitCount(mask) >= rs.dataShards()) {
        boolean[] present = new boolean[n];
        for (int i = 0; i < n; i++) {
          present[i] = (mask & (1 << i)) != 0;
        }
        assertRestores(rs, shards, present);
      }
    }
  }

  private static void assertRestores(ReedSolomon rs, byte[][] shards, boolean[] present) {
    int len = shards[0].length;
    byte[][] copy = new byte[shards.length][];
    for (int i = 0; i < shards.length; i++) {
      copy[i] = present[i] ? shards[i].clone() : new byte[len];
    }
    rs.reconstruct(copy, present, 0, len);
    for (int i = 0; i < shards.length; i++) {
      assertThat(copy[i])
          .as("shard %d, present %s", i, java.util.Arrays.toString(present))
          .isEqualTo(shards[i]);
    }
  }

  /** The code applied to a range inside larger arrays gives the same bytes, and no others. */
  private static void assertOffsetsAreHonoured(
      int k, int n, byte[][] shards, SplittableRandom rnd, int len) {
    int offset = rnd.nextInt(0, 17);
    byte[][] shifted = new byte[n][offset + len + 3];
    for (int i = 0; i < n; i++) {
      rnd.nextBytes(shifted[i]);
      if (i < k) {
        System.arraycopy(shards[i], 0, shifted[i], offset, len);
      }
    }
    byte[][] before = new byte[n][];
    for (int i = 0; i < n; i++) {
      before[i] = shifted[i].clone();
    }
    ReedSolomon.create(k, n).encode(shifted, offset, len);
    for (int i = k; i < n; i++) {
      assertThat(java.util.Arrays.copyOfRange(shifted[i], offset, offset + len))
          .isEqualTo(shards[i]);
      assertThat(java.util.Arrays.copyOf(shifted[i], offset))
          .isEqualTo(java.util.Arrays.copyOf(before[i], offset));
      assertThat(java.util.Arrays.copyOfRange(shifted[i], offset + len, offset + len + 3))
          .isEqualTo(java.util.Arrays.copyOfRange(before[i], offset + len, offset + len + 3));
    }
  }

  private static List<String[]> vectors() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = ReedSolomonTest.class.getResourceAsStream("klauspost-rs-vectors.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .forEach(l -> rows.add(l.split(" ")));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return rows;
  }
}

package io.dooor.audit.internal;

import io.dooor.audit.StoredTile;
import io.dooor.common.Bytes;
import java.util.Arrays;

/** Builds and reads the node layout of {@link StoredTile}. */
public final class TileNodes {
  private TileNodes() {}

  /** Offset (in hashes) of sub-level {@code j} in a tile of {@code width}. */
  public static int offset(int width, int j) {
    int n = 0;
    for (int i = 0; i < j; i++) {
      n += width >> i;
    }
    return n;
  }

  /** A stored tile from its sub-level-0 hashes (32 x width bytes), computing interior nodes. */
  public static StoredTile build(int level, long index, byte[] level0, int width) {
    byte[] nodes = Arrays.copyOf(level0, 32 * StoredTile.nodeCount(width));
    int from = 0;
    int to = width;
    for (int j = 1; j < StoredTile.HEIGHT; j++) {
      int count = width >> j;
      for (int i = 0; i < count; i++) {
        Sha256.node(
            nodes, 32 * (from + 2 * i), nodes, 32 * (from + 2 * i + 1), nodes, 32 * (to + i));
      }
      from = to;
      to += count;
    }
    return new StoredTile(level, index, width, Bytes.of(nodes));
  }

  /** The sub-level-0 hashes of a tile (its C2SP tile bytes), first {@code width} of them. */
  public static byte[] level0(byte[] nodes, int width) {
    return Arrays.copyOf(nodes, 32 * width);
  }

  /** Root of a full tile: the node above its two sub-level-7 hashes. */
  public static byte[] root(byte[] nodes) {
    int at = offset(StoredTile.FULL_WIDTH, StoredTile.HEIGHT - 1);
    byte[] out = new byte[32];
    Sha256.node(nodes, 32 * at, nodes, 32 * (at + 1), out, 0);
    return out;
  }

  /** Hash at sub-level {@code j}, position {@code pos}, or null if the tile does not hold it. */
  public static byte[] hash(StoredTile t, int j, int pos) {
    if (pos >= (t.width() >> j)) {
      return null;
    }
    int at = offset(t.width(), j) + pos;
    return t.nodes().slice(32 * at, 32 * at + 32).toArray();
  }
}

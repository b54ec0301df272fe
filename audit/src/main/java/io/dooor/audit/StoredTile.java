package io.dooor.audit;

import io.dooor.common.Bytes;

/**
 * A tile as the log stores it: the C2SP tlog-tiles tile (up to 256 hashes at tree level 8 x {@code
 * level}) followed by its interior nodes, so that proofs need no rehashing. {@code nodes} holds,
 * for each sub-level j = 0..7, the {@code width >> j} complete node hashes of that sub-level, left
 * to right. Tiles only grow; a stored tile of width w serves every partial tile of width <= w.
 *
 * @param level tile level (tree level 8 x level), 0..7
 * @param index tile index at that level
 * @param width number of hashes in sub-level 0, 1..256
 * @param nodes the hashes, 32 bytes each, layout as above
 */
public record StoredTile(int level, long index, int width, Bytes nodes) {
  /** Tile height (C2SP tlog-tiles): 8 tree levels, 256 hashes. */
  public static final int HEIGHT = 8;

  public static final int FULL_WIDTH = 1 << HEIGHT;

  public StoredTile {
    if (level < 0 || level > 7 || index < 0 || width < 1 || width > FULL_WIDTH) {
      throw new IllegalArgumentException(
          "tile level " + level + " index " + index + " width " + width + " out of range");
    }
    if (nodes.length() != 32 * nodeCount(width)) {
      throw new IllegalArgumentException(
          "tile of width " + width + " needs " + 32 * nodeCount(width) + " bytes");
    }
  }

  /** Number of stored hashes for a tile of {@code width}. */
  public static int nodeCount(int width) {
    int n = 0;
    for (int j = 0; j < HEIGHT; j++) {
      n += width >> j;
    }
    return n;
  }

  public boolean isFull() {
    return width == FULL_WIDTH;
  }
}

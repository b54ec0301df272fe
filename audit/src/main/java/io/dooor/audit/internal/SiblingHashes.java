package io.dooor.audit.internal;

import io.dooor.audit.AuditException;
import io.dooor.audit.StoredTile;

/**
 * The first {@link StoredTile#HEIGHT} hashes of an inclusion proof (RFC 9162 §2.1.3.1) when the
 * level-0 tile of the leaf is full: the sibling of the leaf's ancestor at each sub-level j = 0..7,
 * node (j, ((index mod 256) >> j) xor 1) of that tile. They are read together, without the rest of
 * the tile; every other hash comes from {@code rest}.
 */
public final class SiblingHashes implements HashReader {
  private final long index;
  private final byte[] siblings;
  private final HashReader rest;

  /**
   * @param index the leaf
   * @param siblings 8 x 32 bytes, read from the positions {@link #positions(long)} names
   * @param rest reader for every other hash
   */
  public SiblingHashes(long index, byte[] siblings, HashReader rest) {
    if (siblings.length != 32 * StoredTile.HEIGHT) {
      throw new IllegalArgumentException("need " + StoredTile.HEIGHT + " sibling hashes");
    }
    this.index = index;
    this.siblings = siblings;
    this.rest = rest;
  }

  /** Positions in the node layout of a full tile of the siblings of {@code index}'s ancestors. */
  public static int[] positions(long index) {
    int[] out = new int[StoredTile.HEIGHT];
    int pos = (int) (index & (StoredTile.FULL_WIDTH - 1));
    for (int j = 0; j < StoredTile.HEIGHT; j++) {
      out[j] = TileNodes.offset(StoredTile.FULL_WIDTH, j) + ((pos >> j) ^ 1);
    }
    return out;
  }

  @Override
  public byte[] hash(int level, long at) throws AuditException {
    if (level < StoredTile.HEIGHT && at == ((index >>> level) ^ 1)) {
      byte[] out = new byte[32];
      System.arraycopy(siblings, 32 * level, out, 0, 32);
      return out;
    }
    return rest.hash(level, at);
  }
}

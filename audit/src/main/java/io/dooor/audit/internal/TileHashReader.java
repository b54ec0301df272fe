package io.dooor.audit.internal;

import io.dooor.audit.AuditException;
import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.StoredTile;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads complete-subtree hashes out of stored tiles: the hash at tree level h = 8T + j, index k, is
 * node (j, k mod 2^(8-j)) of tile (T, k >> (8-j)). Each tile is read once per reader. A reader may
 * be given a cached source (which can hold a partial tile narrower than the one now stored) and a
 * fresh one: when a cached tile does not hold a hash, the tile is read again from the fresh source.
 */
public final class TileHashReader implements HashReader {
  private final TileSource source;
  private final TileSource fresh;
  private final Map<Long, StoredTile> seen = new HashMap<>();

  public TileHashReader(TileSource source) {
    this(source, null);
  }

  /** Reads tiles from {@code cached}, and again from {@code fresh} when one is too narrow. */
  public TileHashReader(TileSource cached, TileSource fresh) {
    this.source = cached;
    this.fresh = fresh;
  }

  @Override
  public byte[] hash(int level, long index) throws AuditException {
    int tileLevel = level / StoredTile.HEIGHT;
    int j = level % StoredTile.HEIGHT;
    int shift = StoredTile.HEIGHT - j;
    long tileIndex = index >>> shift;
    int pos = (int) (index & ((1L << shift) - 1));
    long key = (tileIndex << 3) | tileLevel;
    StoredTile t = seen.get(key);
    if (t == null) {
      t =
          source
              .tile(tileLevel, tileIndex)
              .orElseThrow(() -> missing(tileLevel, tileIndex, level, index));
      seen.put(key, t);
    }
    byte[] h = TileNodes.hash(t, j, pos);
    if (h == null && fresh != null && !t.isFull()) {
      t =
          fresh
              .tile(tileLevel, tileIndex)
              .orElseThrow(() -> missing(tileLevel, tileIndex, level, index));
      seen.put(key, t);
      h = TileNodes.hash(t, j, pos);
    }
    if (h == null) {
      throw missing(tileLevel, tileIndex, level, index);
    }
    return h;
  }

  private static AuditException missing(int tileLevel, long tileIndex, int level, long index) {
    return new AuditException(
        Reason.NOT_FOUND,
        "tile " + tileLevel + "/" + tileIndex + " does not hold hash " + level + "/" + index);
  }
}

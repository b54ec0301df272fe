package io.dooor.audit.internal;

import io.dooor.audit.AuditException;
import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.LogStorage.Integration;
import io.dooor.audit.StoredTile;
import io.dooor.audit.TreeState;
import io.dooor.core.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Integrates sequenced leaves into the tiled tree: appends their hashes to level-0 tiles, carries
 * the root of every tile that fills up to the next level, then recomputes the root from the right
 * edge. Work is O(batch + log n); only the right-edge tiles are read.
 */
public final class TreeBuilder {
  private TreeBuilder() {}

  /** Integrates up to {@code max} new leaves; returns the new state (unchanged if none). */
  public static TreeState integrate(Integration tx, int max) throws AuditException {
    TreeState state = tx.treeState();
    List<Bytes> leaves = tx.leafHashes(state.size(), max);
    if (leaves.isEmpty()) {
      return state;
    }
    Map<Long, StoredTile> written = new HashMap<>();
    List<byte[]> incoming = new ArrayList<>(leaves.size());
    leaves.forEach(b -> incoming.add(b.toArray()));
    long start = state.size();
    for (int level = 0; !incoming.isEmpty(); level++) {
      List<byte[]> next = addToLevel(tx, level, start, incoming, written);
      incoming.clear();
      incoming.addAll(next);
      start >>>= StoredTile.HEIGHT;
    }
    long size = state.size() + leaves.size();
    TileSource overlay =
        (l, i) -> {
          StoredTile t = written.get(key(l, i));
          return t != null ? Optional.of(t) : tx.tile(l, i);
        };
    TreeState next =
        new TreeState(size, Bytes.of(ProofBuilder.root(size, new TileHashReader(overlay))));
    tx.setTreeState(next);
    return next;
  }

  private static List<byte[]> addToLevel(
      Integration tx, int level, long start, List<byte[]> hashes, Map<Long, StoredTile> written)
      throws AuditException {
    List<byte[]> completed = new ArrayList<>();
    int pos = 0;
    while (pos < hashes.size()) {
      long idx = start + pos;
      long tileIndex = idx >>> StoredTile.HEIGHT;
      int offset = (int) (idx & (StoredTile.FULL_WIDTH - 1));
      int take = Math.min(StoredTile.FULL_WIDTH - offset, hashes.size() - pos);
      byte[] level0 = new byte[32 * (offset + take)];
      if (offset > 0) {
        System.arraycopy(existing(tx, level, tileIndex, offset), 0, level0, 0, 32 * offset);
      }
      for (int i = 0; i < take; i++) {
        System.arraycopy(hashes.get(pos + i), 0, level0, 32 * (offset + i), 32);
      }
      StoredTile tile = TileNodes.build(level, tileIndex, level0, offset + take);
      tx.putTile(tile);
      written.put(key(level, tileIndex), tile);
      if (tile.isFull()) {
        completed.add(TileNodes.root(tile.nodes().toArray()));
      }
      pos += take;
    }
    return completed;
  }

  private static byte[] existing(Integration tx, int level, long index, int width)
      throws AuditException {
    StoredTile t =
        tx.tile(level, index)
            .orElseThrow(
                () ->
                    new AuditException(
                        Reason.STORAGE, "right-edge tile " + level + "/" + index + " is missing"));
    if (t.width() != width) {
      throw new AuditException(
          Reason.STORAGE,
          "tile " + level + "/" + index + " has width " + t.width() + ", tree needs " + width);
    }
    return TileNodes.level0(t.nodes().toArray(), width);
  }

  static long key(int level, long index) {
    return (index << 3) | level;
  }
}

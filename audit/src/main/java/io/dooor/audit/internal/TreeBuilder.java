package io.dooor.audit.internal;

import io.dooor.audit.AuditException;
import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.LogStorage;
import io.dooor.audit.LogStorage.Snapshot;
import io.dooor.audit.StoredTile;
import io.dooor.audit.TreeState;
import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Integrates sequenced leaves into the tiled tree: appends their hashes to level-0 tiles, carries
 * the root of every tile that fills up to the next level, then recomputes the root from the right
 * edge. Work is O(batch + log n); only the right-edge tiles are read. A step is computed on a read
 * snapshot ({@link #plan}) and stored by a short compare-and-set write ({@link #integrate}), so the
 * write lock is held only while the new tiles are written, never while leaves are read or hashed.
 */
public final class TreeBuilder {
  private TreeBuilder() {}

  /**
   * One computed integration step: the tiles to store and the tree they give.
   *
   * @param from the tree the step was computed from
   * @param tiles the new or grown tiles
   * @param to the tree after the step ({@code from} if nothing was sequenced)
   */
  public record Step(TreeState from, List<StoredTile> tiles, TreeState to) {
    public Step {
      tiles = List.copyOf(tiles);
    }

    public boolean isEmpty() {
      return to.size() == from.size();
    }
  }

  /**
   * Integrates up to {@code max} new leaves: computes the step on a snapshot, then stores it if no
   * other integrator moved the tree meanwhile. Returns the tree as stored afterwards (grown by this
   * step, by another integrator's, or unchanged if nothing was sequenced).
   */
  public static TreeState integrate(LogStorage storage, int max) throws AuditException {
    Step step = storage.snapshot(s -> plan(s, max));
    if (step.isEmpty()) {
      return step.to();
    }
    if (storage.commitIntegration(step.from(), step.tiles(), step.to())) {
      return step.to();
    }
    return storage.treeState();
  }

  /** Computes the step integrating up to {@code max} new leaves from {@code snapshot}. */
  public static Step plan(Snapshot snapshot, int max) throws AuditException {
    TreeState state = snapshot.treeState();
    List<Bytes> leaves = snapshot.leafHashes(state.size(), max);
    if (leaves.isEmpty()) {
      return new Step(state, List.of(), state);
    }
    Map<Long, StoredTile> written = new LinkedHashMap<>();
    List<byte[]> incoming = new ArrayList<>(leaves.size());
    leaves.forEach(b -> incoming.add(b.toArray()));
    long start = state.size();
    for (int level = 0; !incoming.isEmpty(); level++) {
      List<byte[]> next = addToLevel(snapshot, level, start, incoming, written);
      incoming.clear();
      incoming.addAll(next);
      start >>>= StoredTile.HEIGHT;
    }
    long size = state.size() + leaves.size();
    TileSource overlay =
        (l, i) -> {
          StoredTile t = written.get(key(l, i));
          return t != null ? Optional.of(t) : snapshot.tile(l, i);
        };
    TreeState next =
        new TreeState(size, Bytes.of(ProofBuilder.root(size, new TileHashReader(overlay))));
    return new Step(state, new ArrayList<>(written.values()), next);
  }

  private static List<byte[]> addToLevel(
      Snapshot tx, int level, long start, List<byte[]> hashes, Map<Long, StoredTile> written)
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
      written.put(key(level, tileIndex), tile);
      if (tile.isFull()) {
        completed.add(TileNodes.root(tile.nodes().toArray()));
      }
      pos += take;
    }
    return completed;
  }

  private static byte[] existing(Snapshot tx, int level, long index, int width)
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

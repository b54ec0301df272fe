package io.dooor.audit;

import io.dooor.core.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link LogStorage} in memory, for tests and single-process demos. Appends and integration are
 * serialised by one lock; an integration step's writes apply only if it completes.
 */
public final class InMemoryLogStorage implements LogStorage {
  private final List<Bytes> entries = new ArrayList<>();
  private final List<Bytes> leafHashes = new ArrayList<>();
  private final Map<Long, StoredTile> tiles = new HashMap<>();
  private final TreeMap<Long, String> checkpoints = new TreeMap<>();
  private TreeState state = TreeState.empty();

  /** Appends an entry at the next position and returns that position. */
  public synchronized long append(AuditEntry entry) {
    long seq = entries.size();
    Bytes encoded = entry.withSeq(seq).encode();
    entries.add(encoded);
    leafHashes.add(MerkleVerifier.leafHash(encoded));
    return seq;
  }

  @Override
  public synchronized long sequencedSize() {
    return entries.size();
  }

  @Override
  public synchronized List<Bytes> entries(long from, long to) {
    int lo = (int) Math.max(0, Math.min(from, entries.size()));
    int hi = (int) Math.max(lo, Math.min(to, entries.size()));
    return List.copyOf(entries.subList(lo, hi));
  }

  @Override
  public synchronized Optional<StoredTile> tile(int level, long index) {
    return Optional.ofNullable(tiles.get(key(level, index)));
  }

  @Override
  public synchronized TreeState treeState() {
    return state;
  }

  @Override
  public synchronized <T> T integrate(IntegrationStep<T> step) throws AuditException {
    Map<Long, StoredTile> pending = new HashMap<>();
    TreeState[] next = {state};
    T result =
        step.run(
            new Integration() {
              @Override
              public TreeState treeState() {
                return next[0];
              }

              @Override
              public List<Bytes> leafHashes(long from, int max) {
                int lo = (int) Math.min(from, leafHashes.size());
                int hi = (int) Math.min((long) lo + max, leafHashes.size());
                return List.copyOf(leafHashes.subList(lo, hi));
              }

              @Override
              public Optional<StoredTile> tile(int level, long index) {
                StoredTile t = pending.get(key(level, index));
                return t != null ? Optional.of(t) : InMemoryLogStorage.this.tile(level, index);
              }

              @Override
              public void putTile(StoredTile tile) {
                pending.put(key(tile.level(), tile.index()), tile);
              }

              @Override
              public void setTreeState(TreeState s) {
                next[0] = s;
              }
            });
    tiles.putAll(pending);
    state = next[0];
    return result;
  }

  @Override
  public synchronized void saveCheckpoint(long size, String signedNote) {
    checkpoints.putIfAbsent(size, signedNote);
  }

  @Override
  public synchronized Optional<String> latestCheckpoint() {
    return checkpoints.isEmpty()
        ? Optional.empty()
        : Optional.of(checkpoints.lastEntry().getValue());
  }

  private static long key(int level, long index) {
    return (index << 3) | level;
  }
}

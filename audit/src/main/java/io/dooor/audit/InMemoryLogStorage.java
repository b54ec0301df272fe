package io.dooor.audit;

import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * {@link LogStorage} in memory, for tests and single-process demos. Appends, snapshots and
 * integration commits are serialised by one lock.
 */
public final class InMemoryLogStorage implements LogStorage {
  private final List<Bytes> entries = new ArrayList<>();
  private final List<Bytes> leafHashes = new ArrayList<>();
  private final Map<Long, StoredTile> tiles = new HashMap<>();
  private final TreeMap<Long, String> checkpoints = new TreeMap<>();
  private final TreeMap<Long, Map<String, String>> cosigned = new TreeMap<>();
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
  public synchronized <T> T snapshot(SnapshotRead<T> read) throws AuditException {
    return read.run(
        new Snapshot() {
          @Override
          public TreeState treeState() {
            return state;
          }

          @Override
          public List<Bytes> leafHashes(long from, int max) {
            int lo = (int) Math.min(from, leafHashes.size());
            int hi = (int) Math.min((long) lo + max, leafHashes.size());
            return List.copyOf(leafHashes.subList(lo, hi));
          }

          @Override
          public Optional<StoredTile> tile(int level, long index) {
            return InMemoryLogStorage.this.tile(level, index);
          }
        });
  }

  @Override
  public synchronized boolean commitIntegration(
      TreeState from, List<StoredTile> written, TreeState to) {
    if (!state.equals(from)) {
      return false;
    }
    written.forEach(t -> tiles.put(key(t.level(), t.index()), t));
    state = to;
    return true;
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

  @Override
  public synchronized Optional<String> checkpoint(long size) {
    return Optional.ofNullable(checkpoints.get(size));
  }

  @Override
  public synchronized void saveCosignature(long size, String cosigner, String signatureLine) {
    cosigned.computeIfAbsent(size, s -> new TreeMap<>()).putIfAbsent(cosigner, signatureLine);
  }

  @Override
  public synchronized Map<String, String> cosignatures(long size) {
    return Map.copyOf(cosigned.getOrDefault(size, new TreeMap<>()));
  }

  @Override
  public synchronized long latestCosignedSize(String cosigner) {
    return cosigned.descendingMap().entrySet().stream()
        .filter(e -> e.getValue().containsKey(cosigner))
        .mapToLong(Map.Entry::getKey)
        .findFirst()
        .orElse(0);
  }

  @Override
  public synchronized OptionalLong latestCosignedBy(Collection<String> cosigners, int quorum) {
    return cosigned.descendingMap().entrySet().stream()
        .filter(e -> e.getValue().keySet().stream().filter(cosigners::contains).count() >= quorum)
        .mapToLong(Map.Entry::getKey)
        .findFirst();
  }

  private static long key(int level, long index) {
    return (index << 3) | level;
  }
}

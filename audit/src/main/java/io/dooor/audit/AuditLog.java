package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.HashReader;
import io.dooor.audit.internal.ProofBuilder;
import io.dooor.audit.internal.SiblingHashes;
import io.dooor.audit.internal.TileHashReader;
import io.dooor.audit.internal.TileNodes;
import io.dooor.common.Bytes;
import io.dooor.common.Lru;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Read side of the audit log: the latest signed checkpoint, entries, RFC 9162 inclusion and
 * consistency proofs, and the C2SP tlog-tiles resources (tiles, entry bundles, checkpoint), all
 * served from a {@link LogStorage}. Proofs are answered for any size up to the integrated size.
 * Full tiles are immutable and cached (least recently used first out), those of level >= 1 in a
 * cache of their own (2,048 tiles, 32 MiB: all of them up to 134 million entries), since each
 * serves 65,536 or more leaves; the latest partial tile of each level (the right edge, which every
 * proof for the full tree reads) is cached too, and read again whenever a proof or a tile resource
 * needs a hash it does not hold yet: tiles only grow, so the hashes a narrower copy holds stay
 * valid, but a narrower copy never answers for a wider tile. An inclusion proof whose leaf lies in
 * an uncached full level-0 tile reads just the 8 hashes it needs from that tile ({@link
 * LogStorage#fullTileHashes}), not the whole tile.
 */
public final class AuditLog {
  private static final int LEVEL0_TILES = 1024;
  private static final int UPPER_TILES = 2048;
  private final LogStorage storage;
  private volatile long knownSize;
  private final Map<Long, StoredTile> level0Tiles = Lru.map(LEVEL0_TILES);
  private final Map<Long, StoredTile> upperTiles = Lru.map(UPPER_TILES);

  private final AtomicReferenceArray<StoredTile> edge = new AtomicReferenceArray<>(8);

  public AuditLog(LogStorage storage) {
    this.storage = storage;
  }

  /** The latest signed checkpoint (C2SP signed note), if one was published. */
  public Optional<String> latestCheckpoint() throws AuditException {
    return storage.latestCheckpoint();
  }

  /**
   * The saved checkpoint of {@code size} with the cosignature lines saved on it by {@code
   * cosigners}, appended in that order after the log's signature (C2SP signed-note: one note, its
   * signature lines in any order).
   */
  public Optional<String> cosignedCheckpoint(long size, List<String> cosigners)
      throws AuditException {
    Optional<String> note = storage.checkpoint(size);
    if (note.isEmpty()) {
      return note;
    }
    Map<String, String> lines = storage.cosignatures(size);
    StringBuilder sb = new StringBuilder(note.get());
    cosigners.stream().map(lines::get).filter(l -> l != null).forEach(sb::append);
    return Optional.of(sb.toString());
  }

  /**
   * The latest published checkpoint: the largest one that at least {@code quorum} of {@code
   * cosigners} cosigned, with their cosignatures.
   */
  public Optional<String> witnessedCheckpoint(List<String> cosigners, int quorum)
      throws AuditException {
    OptionalLong size = storage.latestCosignedBy(cosigners, quorum);
    return size.isEmpty() ? Optional.empty() : cosignedCheckpoint(size.getAsLong(), cosigners);
  }

  /** The integrated tree's size and root. */
  public TreeState treeState() throws AuditException {
    return storage.treeState();
  }

  /** Encoded entries [from, to) of the sequenced log (at most 1000 at a time). */
  public List<Bytes> rawEntries(long from, long to) throws AuditException {
    if (from < 0 || to < from || to - from > 1000) {
      throw new AuditException(Reason.NOT_FOUND, "entry range [" + from + ", " + to + ")");
    }
    return storage.entries(from, to);
  }

  /** Decoded entries [from, to). */
  public List<AuditEntry> entries(long from, long to) throws AuditException {
    List<AuditEntry> out = new ArrayList<>();
    for (Bytes b : rawEntries(from, to)) {
      out.add(AuditEntry.decode(b));
    }
    return out;
  }

  /** RFC 9162 root of the tree of {@code size} (<= integrated size). */
  public Bytes root(long size) throws AuditException {
    checkSize(size);
    return Bytes.of(ProofBuilder.root(size, reader()));
  }

  /** Inclusion proof of entry {@code index} in the tree of {@code size}. */
  public InclusionProof inclusionProof(long index, long size) throws AuditException {
    checkSize(size);
    if (index < 0 || index >= size) {
      throw new AuditException(
          Reason.INDEX_OUT_OF_RANGE, "index " + index + " not below size " + size);
    }
    return new InclusionProof(
        index, size, ProofBuilder.inclusion(index, size, proofReader(index, size)));
  }

  /**
   * The reader for the proof of {@code index}: when its level-0 tile is full in the tree of {@code
   * size} and not cached, the 8 hashes the proof needs from it are read in one go.
   */
  private HashReader proofReader(long index, long size) throws AuditException {
    long tile = index >>> StoredTile.HEIGHT;
    if ((tile + 1) * StoredTile.FULL_WIDTH > size || cached(level0Tiles, (tile << 3)) != null) {
      return reader();
    }
    Optional<Bytes> siblings = storage.fullTileHashes(0, tile, SiblingHashes.positions(index));
    if (siblings.isEmpty()) {
      return reader();
    }
    return new SiblingHashes(index, siblings.get().toArray(), reader());
  }

  /** Consistency proof between the trees of {@code size1 <= size2}. */
  public ConsistencyProof consistencyProof(long size1, long size2) throws AuditException {
    checkSize(size2);
    if (size1 < 1 || size1 > size2) {
      throw new AuditException(Reason.TREE_SIZE_ORDER, "sizes " + size1 + " > " + size2);
    }
    return new ConsistencyProof(size1, size2, ProofBuilder.consistency(size1, size2, reader()));
  }

  /**
   * A C2SP tlog-tiles resource: {@code checkpoint}, {@code tile/<L>/<N>[.p/<W>]} or {@code
   * tile/entries/<N>[.p/<W>]}; empty if the integrated tree does not (yet) contain it. Served for
   * any width the integrated tree holds, so for every checkpoint ever published (C2SP tlog-tiles: a
   * partial tile of width W is served while the tree has W hashes there). Full tiles and bundles
   * are immutable and may be cached forever.
   */
  public Optional<Bytes> resource(String path) throws AuditException {
    if (path.equals("checkpoint")) {
      return latestCheckpoint().map(s -> Bytes.of(s.getBytes(StandardCharsets.UTF_8)));
    }
    TilePath p = TilePath.parse(path);
    long size = storage.treeState().size();
    int shift = p.level() == TilePath.ENTRIES ? 0 : 8 * p.level();
    long available = size >>> shift;
    long first = p.index() * 256;
    if (p.index() > (Long.MAX_VALUE >>> 8) || first + p.width() > available) {
      return Optional.empty();
    }
    if (p.level() == TilePath.ENTRIES) {
      return Optional.of(EntryBundle.encode(storage.entries(first, first + p.width())));
    }
    Optional<StoredTile> t = tileOfWidth(p.level(), p.index(), p.width());
    if (t.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Bytes.of(TileNodes.level0(t.get().nodes().toArray(), p.width())));
  }

  /**
   * The tile (level, index) holding at least {@code width} hashes: the cached copy if wide enough,
   * else read again from storage (a cached right edge may be narrower than the tree now has).
   */
  private Optional<StoredTile> tileOfWidth(int level, long index, int width) throws AuditException {
    Optional<StoredTile> t = tile(level, index);
    if (t.isPresent() && t.get().width() < width) {
      t = storedTile(level, index);
    }
    return t.filter(stored -> stored.width() >= width);
  }

  private void checkSize(long size) throws AuditException {
    if (size >= 0 && size <= knownSize) {
      return; // the tree only grows: a size once integrated stays integrated
    }
    long integrated = storage.treeState().size();
    knownSize = Math.max(knownSize, integrated);
    if (size < 0 || size > integrated) {
      throw new AuditException(
          Reason.NOT_FOUND, "tree size " + size + " not integrated (have " + integrated + ")");
    }
  }

  private HashReader reader() {
    return new TileHashReader(this::tile, this::storedTile);
  }

  private Optional<StoredTile> tile(int level, long index) throws AuditException {
    StoredTile cached = cached(level == 0 ? level0Tiles : upperTiles, (index << 3) | level);
    if (cached != null) {
      return Optional.of(cached);
    }
    StoredTile right = edge.get(level);
    if (right != null && right.index() == index) {
      return Optional.of(right);
    }
    return storedTile(level, index);
  }

  /** Reads a tile from storage and caches it: full tiles by key, partial ones as the edge. */
  private Optional<StoredTile> storedTile(int level, long index) throws AuditException {
    Optional<StoredTile> t = storage.tile(level, index);
    if (t.isEmpty()) {
      return t;
    }
    if (t.get().isFull()) {
      Map<Long, StoredTile> cache = level == 0 ? level0Tiles : upperTiles;
      synchronized (cache) {
        cache.put((index << 3) | level, t.get());
      }
    } else {
      edge.accumulateAndGet(level, t.get(), AuditLog::newer);
    }
    return t;
  }

  private static StoredTile cached(Map<Long, StoredTile> cache, long key) {
    synchronized (cache) {
      return cache.get(key);
    }
  }

  private static StoredTile newer(StoredTile cached, StoredTile read) {
    if (cached == null
        || read.index() > cached.index()
        || (read.index() == cached.index() && read.width() > cached.width())) {
      return read;
    }
    return cached;
  }
}

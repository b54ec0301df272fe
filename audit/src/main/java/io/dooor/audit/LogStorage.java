package io.dooor.audit;

import io.dooor.common.Bytes;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The storage port of the audit log (Tessera's split: appends sequence entries, a background
 * integrator grows the tree from a read snapshot and stores each step in a short write).
 * Implemented over JDBC by the store module and in memory by {@link InMemoryLogStorage}. Appending
 * is not part of the port: it happens inside the caller's transaction, with the store's own API.
 */
public interface LogStorage {
  /** Number of sequenced (appended and committed) entries, integrated or not. */
  long sequencedSize() throws AuditException;

  /** Encoded entries with positions in [from, to), in position order, as stored. */
  List<Bytes> entries(long from, long to) throws AuditException;

  /** The stored (latest, possibly partial) tile at (level, index). */
  Optional<StoredTile> tile(int level, long index) throws AuditException;

  /**
   * The hashes at {@code positions} (indexes into the node layout of {@link StoredTile}) of the
   * tile (level, index) if it is stored full, concatenated in the order asked (32 bytes each);
   * empty if that tile is not stored or not full. An inclusion proof needs only 8 of a full tile's
   * 511 hashes, so storage that can read part of a row overrides this; the default reads the whole
   * tile.
   */
  default Optional<Bytes> fullTileHashes(int level, long index, int[] positions)
      throws AuditException {
    Optional<StoredTile> t = tile(level, index);
    if (t.isEmpty() || !t.get().isFull()) {
      return Optional.empty();
    }
    byte[] nodes = t.get().nodes().toArray();
    byte[] out = new byte[32 * positions.length];
    for (int i = 0; i < positions.length; i++) {
      System.arraycopy(nodes, 32 * positions[i], out, 32 * i, 32);
    }
    return Optional.of(Bytes.of(out));
  }

  /** The integrated tree. */
  TreeState treeState() throws AuditException;

  /**
   * Runs {@code read} on one consistent snapshot of the log without taking the write lock, so that
   * appends proceed meanwhile (a read transaction: a WAL snapshot on SQLite, REPEATABLE READ on
   * PostgreSQL). The integrator reads leaves and right-edge tiles and computes the new tiles here.
   */
  <T> T snapshot(SnapshotRead<T> read) throws AuditException;

  /**
   * Stores one integration step in one short exclusive transaction: if the tree is still {@code
   * from}, writes {@code tiles} and sets the tree to {@code to}, and returns true; if another
   * integrator moved the tree meanwhile, writes nothing and returns false (compare-and-set, so any
   * number of integrators stay correct).
   */
  boolean commitIntegration(TreeState from, List<StoredTile> tiles, TreeState to)
      throws AuditException;

  /** Records a signed checkpoint of {@code size}; a second one of the same size is ignored. */
  void saveCheckpoint(long size, String signedNote) throws AuditException;

  /** The signed checkpoint of the largest size, if any. */
  Optional<String> latestCheckpoint() throws AuditException;

  /** The signed checkpoint of exactly {@code size}, if one was saved. */
  Optional<String> checkpoint(long size) throws AuditException;

  /**
   * Records a witness's verified cosignature line (C2SP tlog-cosignature) on the saved checkpoint
   * of {@code size}; {@code cosigner} is the witness's cosigner key string. A second one by the
   * same cosigner for the same size is ignored.
   */
  void saveCosignature(long size, String cosigner, String signatureLine) throws AuditException;

  /** The cosignature lines saved on the checkpoint of {@code size}, by cosigner key string. */
  Map<String, String> cosignatures(long size) throws AuditException;

  /** The largest size {@code cosigner} cosigned, 0 if none. */
  long latestCosignedSize(String cosigner) throws AuditException;

  /**
   * The largest size whose checkpoint at least {@code quorum} of {@code cosigners} cosigned, if
   * any: the latest published checkpoint.
   */
  OptionalLong latestCosignedBy(Collection<String> cosigners, int quorum) throws AuditException;

  /** A computation over a {@link Snapshot}. */
  @FunctionalInterface
  interface SnapshotRead<T> {
    T run(Snapshot snapshot) throws AuditException;
  }

  /** What may be read from one consistent snapshot. */
  interface Snapshot {
    TreeState treeState() throws AuditException;

    /** Leaf hashes of sequenced entries [from, from + max), fewer if fewer are sequenced. */
    List<Bytes> leafHashes(long from, int max) throws AuditException;

    Optional<StoredTile> tile(int level, long index) throws AuditException;
  }
}

package io.dooor.audit;

import io.dooor.core.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * The storage port of the audit log (Tessera's split: appends sequence entries, a background
 * integrator grows the tree). Implemented over JDBC by the store module and in memory by {@link
 * InMemoryLogStorage}. Appending is not part of the port: it happens inside the caller's
 * transaction, with the store's own API.
 */
public interface LogStorage {
  /** Number of sequenced (appended and committed) entries, integrated or not. */
  long sequencedSize() throws AuditException;

  /** Encoded entries with positions in [from, to), in position order, as stored. */
  List<Bytes> entries(long from, long to) throws AuditException;

  /** The stored (latest, possibly partial) tile at (level, index). */
  Optional<StoredTile> tile(int level, long index) throws AuditException;

  /** The integrated tree. */
  TreeState treeState() throws AuditException;

  /** Runs one integration step in one exclusive transaction (one integrator at a time). */
  <T> T integrate(IntegrationStep<T> step) throws AuditException;

  /** Records a signed checkpoint of {@code size}; a second one of the same size is ignored. */
  void saveCheckpoint(long size, String signedNote) throws AuditException;

  /** The signed checkpoint of the largest size, if any. */
  Optional<String> latestCheckpoint() throws AuditException;

  /** One integration step. */
  @FunctionalInterface
  interface IntegrationStep<T> {
    T run(Integration tx) throws AuditException;
  }

  /** What an integration step may do inside its transaction. */
  interface Integration {
    TreeState treeState() throws AuditException;

    /** Leaf hashes of sequenced entries [from, from + max), fewer if fewer are sequenced. */
    List<Bytes> leafHashes(long from, int max) throws AuditException;

    Optional<StoredTile> tile(int level, long index) throws AuditException;

    void putTile(StoredTile tile) throws AuditException;

    void setTreeState(TreeState state) throws AuditException;
  }
}

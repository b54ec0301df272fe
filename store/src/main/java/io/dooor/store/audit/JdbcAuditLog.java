package io.dooor.store.audit;

import io.dooor.audit.AuditEntry;
import io.dooor.audit.AuditException;
import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.LogStorage;
import io.dooor.audit.StoredTile;
import io.dooor.audit.TreeState;
import io.dooor.common.Bytes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The audit log on SQLite or PostgreSQL (tables of V2__audit_log.sql). {@link #append} runs inside
 * the caller's transaction: it takes the next sequence number by updating the single {@code
 * audit_sequence} row (a row lock on PostgreSQL, the write lock on SQLite, both held to commit, so
 * numbers are gap-free across replicas and a rollback returns the number) and inserts the entry's
 * canonical encoding and RFC 9162 leaf hash. The Merkle tree is grown later by {@link
 * io.dooor.audit.Integrator} through the {@link LogStorage} methods: it reads and hashes on a read
 * snapshot, which appends do not wait for, and writes each batch's tiles in a short transaction.
 */
public final class JdbcAuditLog implements LogStorage {
  private static final String NEXT =
      "UPDATE audit_sequence SET next_seq = next_seq + 1 WHERE id = 1 RETURNING next_seq - 1";
  private static final String INSERT =
      "INSERT INTO audit_entry (seq, leaf_hash, entry) VALUES (?, ?, ?)";

  private final DataSource dataSource;
  private final Map<Connection, PreparedStatement> tileStatements = new IdentityHashMap<>();
  private final Fence fence;

  public JdbcAuditLog(DataSource dataSource) {
    this(dataSource, null);
  }

  private JdbcAuditLog(DataSource dataSource, Fence fence) {
    this.dataSource = dataSource;
    this.fence = fence;
  }

  /**
   * This log, whose integration and checkpoint writes are fenced (replicas, issue 15): each first
   * checks, in its own transaction, that the lease {@code fence} names now is still held (row
   * locked FOR SHARE on PostgreSQL until commit, so no other replica takes it meanwhile), and
   * writes nothing otherwise. No lease at all refuses too.
   */
  public JdbcAuditLog fencedBy(Fence fence) {
    return new JdbcAuditLog(dataSource, java.util.Objects.requireNonNull(fence, "fence"));
  }

  /** The lease the integrating replica holds now, if any, and the instant to check it at. */
  public interface Fence {
    Optional<io.dooor.core.Lease> lease();

    java.time.Instant now();
  }

  private void checkFence(Connection c) throws SQLException, AuditException {
    if (fence == null) {
      return;
    }
    Optional<io.dooor.core.Lease> lease = fence.lease();
    if (lease.isEmpty()
        || !io.dooor.store.internal.ReplicaTables.holdsLocked(c, lease.get(), fence.now())) {
      throw new AuditException(
          Reason.STORAGE,
          "lease-lost: this replica does not hold the audit duty"
              + lease.map(l -> " (fencing token " + l.token() + ")").orElse(""));
    }
  }

  /**
   * Appends {@code entry} within the caller's open transaction on {@code c} and returns its
   * position. If the entry already carries a sequence number it must be the one assigned here.
   *
   * @throws SQLException on database failure or sequence disagreement; the caller rolls back
   */
  public static long append(Connection c, AuditEntry entry) throws SQLException {
    long seq;
    try (PreparedStatement ps = c.prepareStatement(NEXT);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("audit_sequence row missing: is V2__audit_log applied?");
      }
      seq = rs.getLong(1);
    }
    if (entry.seq() != AuditEntry.UNASSIGNED && entry.seq() != seq) {
      throw new SQLException(
          "audit log position " + seq + " differs from the event's sequence " + entry.seq());
    }
    Bytes encoded = entry.withSeq(seq).encode();
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setLong(1, seq);
      ps.setBytes(2, io.dooor.audit.MerkleVerifier.leafHash(encoded).toArray());
      ps.setBytes(3, encoded.toArray());
      ps.executeUpdate();
    }
    return seq;
  }

  /**
   * Appends several entries in the caller's transaction with one sequence update and one batched
   * insert (for group commit); returns the first assigned position. Entries must be unassigned.
   */
  public static long appendAll(Connection c, List<AuditEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      throw new SQLException("nothing to append");
    }
    long first;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE audit_sequence SET next_seq = next_seq + ? WHERE id = 1"
                + " RETURNING next_seq - ?")) {
      ps.setInt(1, entries.size());
      ps.setInt(2, entries.size());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("audit_sequence row missing: is V2__audit_log applied?");
        }
        first = rs.getLong(1);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).seq() != AuditEntry.UNASSIGNED) {
          throw new SQLException("appendAll takes entries without sequence numbers");
        }
        Bytes encoded = entries.get(i).withSeq(first + i).encode();
        ps.setLong(1, first + i);
        ps.setBytes(2, io.dooor.audit.MerkleVerifier.leafHash(encoded).toArray());
        ps.setBytes(3, encoded.toArray());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return first;
  }

  @Override
  public long sequencedSize() throws AuditException {
    return query("read the sequence", c -> single(c, "SELECT next_seq FROM audit_sequence"));
  }

  @Override
  public List<Bytes> entries(long from, long to) throws AuditException {
    return query("read entries", c -> Rows.entries(c, from, to));
  }

  @Override
  public Optional<StoredTile> tile(int level, long index) throws AuditException {
    return query("read tile", c -> Rows.tile(c, level, index));
  }

  /**
   * The hot read of inclusion proofs: one row, through a statement prepared once per pooled
   * connection (preparing costs about as much as the lookup itself on SQLite), and only the asked
   * hashes copied out.
   */
  @Override
  public Optional<Bytes> fullTileHashes(int level, long index, int[] positions)
      throws AuditException {
    return query(
        "read tile hashes", c -> Rows.fullTileHashes(tileStatement(c), level, index, positions));
  }

  /**
   * The prepared tile read of the physical connection behind {@code pooled}. The pool lends a
   * connection to one borrower at a time, so its statement is never used by two threads at once;
   * statements of connections the pool has closed are dropped when a new one is prepared.
   */
  private PreparedStatement tileStatement(Connection pooled) throws SQLException {
    Connection raw = pooled.unwrap(Connection.class);
    synchronized (tileStatements) {
      PreparedStatement ps = tileStatements.get(raw);
      if (ps != null && !ps.isClosed()) {
        return ps;
      }
      tileStatements.keySet().removeIf(JdbcAuditLog::closed);
      ps = raw.prepareStatement(Rows.TILE);
      tileStatements.put(raw, ps);
      return ps;
    }
  }

  private static boolean closed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  @Override
  public TreeState treeState() throws AuditException {
    return query("read tree", Rows::tree);
  }

  /**
   * Reads in one read transaction: on SQLite a deferred transaction, which in WAL mode reads a
   * snapshot and takes no write lock; on PostgreSQL REPEATABLE READ, read only.
   */
  @Override
  public <T> T snapshot(SnapshotRead<T> read) throws AuditException {
    try (Connection c = dataSource.getConnection()) {
      boolean postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
      int isolation = c.getTransactionIsolation();
      if (postgres) {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
      }
      c.setAutoCommit(false);
      try {
        return read.run(new JdbcSnapshot(c));
      } finally {
        c.rollback();
        c.setAutoCommit(true);
        if (postgres) {
          c.setReadOnly(false);
          c.setTransactionIsolation(isolation);
        }
      }
    } catch (SQLException e) {
      throw storage("read snapshot", e);
    }
  }

  /**
   * One short write transaction: compare-and-set of the {@code audit_tree} row first (the row lock
   * on PostgreSQL, the write lock on SQLite), then the tiles.
   */
  @Override
  public boolean commitIntegration(TreeState from, List<StoredTile> tiles, TreeState to)
      throws AuditException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        checkFence(c);
        if (!Rows.compareAndSetTree(c, from, to)) {
          c.rollback();
          return false;
        }
        for (StoredTile t : tiles) {
          Rows.putTile(c, t);
        }
        c.commit();
        return true;
      } catch (SQLException | RuntimeException | AuditException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw storage("store integration", e);
    }
  }

  @Override
  public void saveCheckpoint(long size, String signedNote) throws AuditException {
    if (fence == null) {
      query("save checkpoint", c -> Rows.saveCheckpoint(c, size, signedNote));
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        checkFence(c);
        Rows.saveCheckpoint(c, size, signedNote);
        c.commit();
      } catch (SQLException | RuntimeException | AuditException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw storage("save checkpoint", e);
    }
  }

  @Override
  public Optional<String> latestCheckpoint() throws AuditException {
    return query("read checkpoint", Rows::latestCheckpoint);
  }

  @Override
  public Optional<String> checkpoint(long size) throws AuditException {
    return query("read checkpoint", c -> Rows.checkpoint(c, size));
  }

  @Override
  public void saveCosignature(long size, String cosigner, String signatureLine)
      throws AuditException {
    query("save cosignature", c -> Rows.saveCosignature(c, size, cosigner, signatureLine));
  }

  @Override
  public Map<String, String> cosignatures(long size) throws AuditException {
    return query("read cosignatures", c -> Rows.cosignatures(c, size));
  }

  @Override
  public long latestCosignedSize(String cosigner) throws AuditException {
    return query("read cosignatures", c -> Rows.latestCosignedSize(c, cosigner));
  }

  @Override
  public OptionalLong latestCosignedBy(Collection<String> cosigners, int quorum)
      throws AuditException {
    return query("read cosignatures", c -> Rows.latestCosignedBy(c, cosigners, quorum));
  }

  private <T> T query(String what, SqlFunction<T> f) throws AuditException {
    try (Connection c = dataSource.getConnection()) {
      return f.apply(c);
    } catch (SQLException e) {
      throw storage(what, e);
    }
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("no row for: " + sql);
      }
      return rs.getLong(1);
    }
  }

  static AuditException storage(String what, SQLException e) {
    return new AuditException(Reason.STORAGE, what + ": " + e.getMessage(), e);
  }

  @FunctionalInterface
  interface SqlFunction<T> {
    T apply(Connection c) throws SQLException;
  }

  /** The integrator's view of its read snapshot. */
  private static final class JdbcSnapshot implements Snapshot {
    private final Connection c;

    JdbcSnapshot(Connection c) {
      this.c = c;
    }

    @Override
    public TreeState treeState() throws AuditException {
      return call("read tree", () -> Rows.tree(c));
    }

    @Override
    public List<Bytes> leafHashes(long from, int max) throws AuditException {
      List<Bytes> out = call("read leaf hashes", () -> Rows.leafHashes(c, from, max));
      return new ArrayList<>(out);
    }

    @Override
    public Optional<StoredTile> tile(int level, long index) throws AuditException {
      return call("read tile", () -> Rows.tile(c, level, index));
    }

    private static <T> T call(String what, SqlCall<T> f) throws AuditException {
      try {
        return f.call();
      } catch (SQLException e) {
        throw storage(what, e);
      }
    }
  }

  @FunctionalInterface
  interface SqlCall<T> {
    T call() throws SQLException;
  }
}

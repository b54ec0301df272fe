package io.dooor.store.audit;

import io.dooor.audit.StoredTile;
import io.dooor.audit.TreeState;
import io.dooor.common.Bytes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The SQL of the audit tables; identical on SQLite and PostgreSQL. */
final class Rows {
  private Rows() {}

  static List<Bytes> entries(Connection c, long from, long to) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT entry FROM audit_entry WHERE seq >= ? AND seq < ? ORDER BY seq")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        List<Bytes> out = new ArrayList<>();
        while (rs.next()) {
          out.add(Bytes.of(rs.getBytes(1)));
        }
        return out;
      }
    }
  }

  /** Leaf hashes from {@code from} on; stops at the first gap (there is none unless tampered). */
  static List<Bytes> leafHashes(Connection c, long from, int max) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT seq, leaf_hash FROM audit_entry WHERE seq >= ? ORDER BY seq LIMIT ?")) {
      ps.setLong(1, from);
      ps.setInt(2, max);
      try (ResultSet rs = ps.executeQuery()) {
        List<Bytes> out = new ArrayList<>();
        while (rs.next() && rs.getLong(1) == from + out.size()) {
          out.add(Bytes.of(rs.getBytes(2)));
        }
        return out;
      }
    }
  }

  static Optional<StoredTile> tile(Connection c, int level, long index) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TILE)) {
      ps.setInt(1, level);
      ps.setLong(2, index);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        try {
          return Optional.of(new StoredTile(level, index, rs.getInt(1), Bytes.of(rs.getBytes(2))));
        } catch (IllegalArgumentException e) {
          throw new SQLException("stored tile " + level + "/" + index + " is corrupt", e);
        }
      }
    }
  }

  /** Reads one tile row: (width, nodes) by (level, idx). */
  static final String TILE = "SELECT width, nodes FROM audit_tile WHERE level = ? AND idx = ?";

  /**
   * Hashes at {@code positions} of the full tile (level, index) through {@code tile} (a prepared
   * {@link #TILE}), copied straight out of the row without building a {@link StoredTile}; empty if
   * the tile is absent or partial. (Reading the whole row is cheaper than substr: SQLite loads the
   * whole value for every substr.)
   */
  static Optional<Bytes> fullTileHashes(
      PreparedStatement tile, int level, long index, int[] positions) throws SQLException {
    tile.setInt(1, level);
    tile.setLong(2, index);
    try (ResultSet rs = tile.executeQuery()) {
      if (!rs.next() || rs.getInt(1) != StoredTile.FULL_WIDTH) {
        return Optional.empty();
      }
      byte[] nodes = rs.getBytes(2);
      if (nodes == null || nodes.length != 32 * StoredTile.nodeCount(StoredTile.FULL_WIDTH)) {
        throw new SQLException("stored tile " + level + "/" + index + " is corrupt");
      }
      byte[] out = new byte[32 * positions.length];
      for (int i = 0; i < positions.length; i++) {
        System.arraycopy(nodes, 32 * positions[i], out, 32 * i, 32);
      }
      return Optional.of(Bytes.of(out));
    }
  }

  static Void putTile(Connection c, StoredTile t) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_tile (level, idx, width, nodes) VALUES (?, ?, ?, ?) ON CONFLICT"
                + " (level, idx) DO UPDATE SET width = excluded.width, nodes = excluded.nodes")) {
      ps.setInt(1, t.level());
      ps.setLong(2, t.index());
      ps.setInt(3, t.width());
      ps.setBytes(4, t.nodes().toArray());
      ps.executeUpdate();
      return null;
    }
  }

  static TreeState tree(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT size, root FROM audit_tree WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("audit_tree row missing: is V2__audit_log applied?");
      }
      return new TreeState(rs.getLong(1), Bytes.of(rs.getBytes(2)));
    }
  }

  /**
   * Moves the tree from {@code from} to {@code to} if it is still {@code from}; the update takes
   * the integration lock (the audit_tree row on PostgreSQL, the write lock on SQLite) until commit.
   */
  static boolean compareAndSetTree(Connection c, TreeState from, TreeState to) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE audit_tree SET size = ?, root = ? WHERE id = 1 AND size = ? AND root = ?")) {
      ps.setLong(1, to.size());
      ps.setBytes(2, to.root().toArray());
      ps.setLong(3, from.size());
      ps.setBytes(4, from.root().toArray());
      return ps.executeUpdate() == 1;
    }
  }

  static Void saveCheckpoint(Connection c, long size, String note) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_checkpoint (size, note) VALUES (?, ?) ON CONFLICT (size) DO NOTHING")) {
      ps.setLong(1, size);
      ps.setString(2, note);
      ps.executeUpdate();
      return null;
    }
  }

  static Optional<String> latestCheckpoint(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT note FROM audit_checkpoint ORDER BY size DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  static Optional<String> checkpoint(Connection c, long size) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT note FROM audit_checkpoint WHERE size = ?")) {
      ps.setLong(1, size);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  static Void saveCosignature(Connection c, long size, String cosigner, String line)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_cosignature (size, cosigner, line) VALUES (?, ?, ?)"
                + " ON CONFLICT (size, cosigner) DO NOTHING")) {
      ps.setLong(1, size);
      ps.setString(2, cosigner);
      ps.setString(3, line);
      ps.executeUpdate();
      return null;
    }
  }

  static Map<String, String> cosignatures(Connection c, long size) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT cosigner, line FROM audit_cosignature WHERE size = ?")) {
      ps.setLong(1, size);
      try (ResultSet rs = ps.executeQuery()) {
        Map<String, String> out = new LinkedHashMap<>();
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
        return out;
      }
    }
  }

  static long latestCosignedSize(Connection c, String cosigner) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MAX(size) FROM audit_cosignature WHERE cosigner = ?")) {
      ps.setString(1, cosigner);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** The largest size at least {@code quorum} of {@code cosigners} cosigned. */
  static OptionalLong latestCosignedBy(Connection c, Collection<String> cosigners, int quorum)
      throws SQLException {
    if (cosigners.isEmpty()) {
      return OptionalLong.empty();
    }
    String marks = String.join(", ", Collections.nCopies(cosigners.size(), "?"));
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT size FROM audit_cosignature WHERE cosigner IN ("
                + marks
                + ") GROUP BY size HAVING COUNT(*) >= ? ORDER BY size DESC LIMIT 1")) {
      int i = 1;
      for (String k : cosigners) {
        ps.setString(i++, k);
      }
      ps.setInt(i, quorum);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }
}

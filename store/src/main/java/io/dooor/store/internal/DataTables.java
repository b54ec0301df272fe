package io.dooor.store.internal;

import io.dooor.core.NodeId;
import io.dooor.core.RepairJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The data epoch, the nodes' shard endpoints and the repair jobs (V7). */
final class DataTables {
  private static final String JOB_COLUMNS =
      "blob_id, idx, from_node, to_node, state, bytes_moved, detail, updated_at";

  private DataTables() {}

  static long epoch(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM data_epoch WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("data_epoch has no row");
      }
      return rs.getLong(1);
    }
  }

  static void putEpoch(Connection c, long epoch) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE data_epoch SET epoch = ? WHERE id = 1")) {
      ps.setLong(1, epoch);
      ps.executeUpdate();
    }
  }

  static Optional<String> endpoint(Connection c, NodeId id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT endpoint FROM node_shard_endpoints WHERE node_id = ?")) {
      ps.setString(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  static void putEndpoint(Connection c, NodeId id, String endpoint) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO node_shard_endpoints (node_id, endpoint) VALUES (?,?)"
                + " ON CONFLICT (node_id) DO UPDATE SET endpoint = excluded.endpoint")) {
      ps.setString(1, id.value());
      ps.setString(2, endpoint);
      ps.executeUpdate();
    }
  }

  static List<RepairJob> jobs(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + JOB_COLUMNS + " FROM repair_jobs ORDER BY blob_id, idx");
        ResultSet rs = ps.executeQuery()) {
      List<RepairJob> out = new ArrayList<>();
      while (rs.next()) {
        String to = rs.getString("to_node");
        out.add(
            new RepairJob(
                rs.getString("blob_id"),
                rs.getInt("idx"),
                NodeId.of(rs.getString("from_node")),
                Optional.ofNullable(to).map(NodeId::of),
                RepairJob.State.valueOf(rs.getString("state")),
                rs.getLong("bytes_moved"),
                rs.getString("detail"),
                Columns.instant(rs, "updated_at")));
      }
      return out;
    }
  }

  static void putJob(Connection c, RepairJob j) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO repair_jobs ("
                + JOB_COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (blob_id, idx) DO UPDATE SET"
                + " from_node = excluded.from_node, to_node = excluded.to_node,"
                + " state = excluded.state, bytes_moved = excluded.bytes_moved,"
                + " detail = excluded.detail, updated_at = excluded.updated_at")) {
      ps.setString(1, j.blobId());
      ps.setInt(2, j.index());
      ps.setString(3, j.from().value());
      if (j.to().isPresent()) {
        ps.setString(4, j.to().get().value());
      } else {
        ps.setNull(4, Types.VARCHAR);
      }
      ps.setString(5, j.state().name());
      ps.setLong(6, j.bytesMoved());
      ps.setString(7, j.detail());
      Columns.setInstant(ps, 8, j.updatedAt());
      ps.executeUpdate();
    }
  }
}

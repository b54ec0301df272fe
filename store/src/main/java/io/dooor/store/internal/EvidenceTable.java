package io.dooor.store.internal;

import io.dooor.core.NodeEvidence;
import io.dooor.core.NodeId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code node_evidence} table: each node's last verified evidence, replaced on attestation. */
final class EvidenceTable {
  private static final String COLUMNS =
      "node_id, evidence, numbers, debug, collateral_version, verified_at";
  private static final String UPSERT =
      "INSERT INTO node_evidence ("
          + COLUMNS
          + ") VALUES (?,?,?,?,?,?) ON CONFLICT (node_id) DO UPDATE SET"
          + " evidence = excluded.evidence, numbers = excluded.numbers, debug = excluded.debug,"
          + " collateral_version = excluded.collateral_version,"
          + " verified_at = excluded.verified_at";

  private EvidenceTable() {}

  static Optional<NodeEvidence> get(Connection c, NodeId id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM node_evidence WHERE node_id = ?")) {
      ps.setString(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  static void put(Connection c, NodeEvidence e) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, e.nodeId().value());
      ps.setBytes(2, e.evidence().toArray());
      ps.setString(3, CanonicalJson.ofLongs(e.numbers()));
      ps.setBoolean(4, e.debug());
      ps.setString(5, e.collateralVersion());
      Columns.setInstant(ps, 6, e.verifiedAt());
      ps.executeUpdate();
    }
  }

  private static NodeEvidence read(ResultSet rs) throws SQLException {
    return new NodeEvidence(
        NodeId.of(rs.getString("node_id")),
        Columns.bytes(rs, "evidence"),
        CanonicalJson.longs(rs.getString("numbers")),
        rs.getBoolean("debug"),
        rs.getString("collateral_version"),
        Columns.instant(rs, "verified_at"));
  }
}

package io.dooor.store.internal;

import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.NodeKey;
import io.dooor.core.NodeState;
import io.dooor.core.TeeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code nodes} table: one row per node, replaced on every change. */
final class NodeTable {
  private static final String COLUMNS =
      "id, state, tee_type, workload, node_key, principal, measurements, tcb_status, platform_id,"
          + " registered_at, attested_at, attestation_expires_at, last_heartbeat_at,"
          + " policy_version, reason, failed_attestations";
  private static final String UPSERT =
      "INSERT INTO nodes ("
          + COLUMNS
          + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
          + " state = excluded.state, tee_type = excluded.tee_type,"
          + " workload = excluded.workload, node_key = excluded.node_key,"
          + " principal = excluded.principal, measurements = excluded.measurements,"
          + " tcb_status = excluded.tcb_status, platform_id = excluded.platform_id,"
          + " registered_at = excluded.registered_at, attested_at = excluded.attested_at,"
          + " attestation_expires_at = excluded.attestation_expires_at,"
          + " last_heartbeat_at = excluded.last_heartbeat_at,"
          + " policy_version = excluded.policy_version, reason = excluded.reason,"
          + " failed_attestations = excluded.failed_attestations";

  private NodeTable() {}

  static Optional<Node> get(Connection c, NodeId id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM nodes WHERE id = ?")) {
      ps.setString(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  static List<Node> all(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM nodes ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      List<Node> out = new ArrayList<>();
      while (rs.next()) {
        out.add(read(rs));
      }
      return out;
    }
  }

  static void put(Connection c, Node n) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, n.id().value());
      ps.setString(2, n.state().name());
      ps.setString(3, n.teeType().name());
      ps.setString(4, n.workload());
      ps.setBytes(5, n.nodeKey().spki().toArray());
      ps.setBytes(6, n.principal().toBytes());
      ps.setString(7, CanonicalJson.ofStrings(n.measurements()));
      ps.setString(8, n.tcbStatus());
      ps.setString(9, n.platformId());
      Columns.setInstant(ps, 10, n.registeredAt());
      Columns.setInstant(ps, 11, n.attestedAt());
      Columns.setInstant(ps, 12, n.attestationExpiresAt());
      Columns.setInstant(ps, 13, n.lastHeartbeatAt());
      ps.setLong(14, n.policyVersion());
      ps.setString(15, n.reason());
      ps.setInt(16, n.failedAttestations());
      ps.executeUpdate();
    }
  }

  private static Node read(ResultSet rs) throws SQLException {
    return new Node(
        NodeId.of(rs.getString("id")),
        NodeState.valueOf(rs.getString("state")),
        TeeType.valueOf(rs.getString("tee_type")),
        rs.getString("workload"),
        new NodeKey(Columns.bytes(rs, "node_key")),
        Columns.principal(rs, "principal"),
        CanonicalJson.strings(rs.getString("measurements")),
        rs.getString("tcb_status"),
        rs.getString("platform_id"),
        Columns.instant(rs, "registered_at"),
        Columns.instant(rs, "attested_at"),
        Columns.instant(rs, "attestation_expires_at"),
        Columns.instant(rs, "last_heartbeat_at"),
        rs.getLong("policy_version"),
        rs.getString("reason"),
        rs.getInt("failed_attestations"));
  }
}

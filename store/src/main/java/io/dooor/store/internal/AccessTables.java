package io.dooor.store.internal;

import io.dooor.common.Bytes;
import io.dooor.core.Challenge;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The small tables behind admission and access: challenges, principals' roles, request nonces. */
final class AccessTables {
  private AccessTables() {}

  static Optional<Challenge> challenge(Connection c, NodeId id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT nonce, expires_at FROM challenges WHERE node_id = ?")) {
      ps.setString(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Bytes nonce = Columns.bytes(rs, "nonce");
        return Optional.of(new Challenge(id, nonce, Columns.instant(rs, "expires_at")));
      }
    }
  }

  static void putChallenge(Connection c, Challenge ch) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO challenges (node_id, nonce, expires_at) VALUES (?,?,?)"
                + " ON CONFLICT (node_id) DO UPDATE SET nonce = excluded.nonce,"
                + " expires_at = excluded.expires_at")) {
      ps.setString(1, ch.nodeId().value());
      ps.setBytes(2, ch.nonce().toArray());
      Columns.setInstant(ps, 3, ch.expiresAt());
      ps.executeUpdate();
    }
  }

  static void deleteChallenge(Connection c, NodeId id) throws SQLException {
    update(c, "DELETE FROM challenges WHERE node_id = ?", id.value());
  }

  static Set<Role> roles(Connection c, Principal p) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT role FROM principal_roles WHERE principal = ?")) {
      ps.setBytes(1, p.toBytes());
      try (ResultSet rs = ps.executeQuery()) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        while (rs.next()) {
          out.add(Role.valueOf(rs.getString(1)));
        }
        return Collections.unmodifiableSet(out);
      }
    }
  }

  static Map<Principal, Set<Role>> principals(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT principal, role FROM principal_roles ORDER BY principal");
        ResultSet rs = ps.executeQuery()) {
      Map<Principal, Set<Role>> out = new LinkedHashMap<>();
      while (rs.next()) {
        out.computeIfAbsent(Columns.principal(rs, "principal"), k -> EnumSet.noneOf(Role.class))
            .add(Role.valueOf(rs.getString("role")));
      }
      out.replaceAll((k, v) -> Collections.unmodifiableSet(v));
      return Collections.unmodifiableMap(out);
    }
  }

  static void addRole(Connection c, Principal p, Role role) throws SQLException {
    changeRole(
        c,
        "INSERT INTO principal_roles (principal, role) VALUES (?,?)"
            + " ON CONFLICT (principal, role) DO NOTHING",
        p,
        role);
  }

  static void removeRole(Connection c, Principal p, Role role) throws SQLException {
    changeRole(c, "DELETE FROM principal_roles WHERE principal = ? AND role = ?", p, role);
  }

  private static void changeRole(Connection c, String sql, Principal p, Role role)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setBytes(1, p.toBytes());
      ps.setString(2, role.name());
      ps.executeUpdate();
    }
  }

  /**
   * Records the nonce unless a live (unexpired at {@code now}) record of it exists; an expired
   * record is taken over. True if recorded, false for a replay.
   */
  static boolean rememberNonce(
      Connection c, String keyId, String nonce, Instant expiresAt, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO request_nonces (key_id, nonce, expires_at) VALUES (?,?,?)"
                + " ON CONFLICT (key_id, nonce) DO UPDATE SET expires_at = excluded.expires_at"
                + " WHERE request_nonces.expires_at <= ?")) {
      ps.setString(1, keyId);
      ps.setString(2, nonce);
      ps.setLong(3, expiresAt.toEpochMilli());
      ps.setLong(4, now.toEpochMilli());
      return ps.executeUpdate() == 1;
    }
  }

  /** Deletes nonces expired at {@code now} (an index range scan on expires_at). */
  static int purgeNonces(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM request_nonces WHERE expires_at <= ?")) {
      ps.setLong(1, now.toEpochMilli());
      return ps.executeUpdate();
    }
  }

  private static void update(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      ps.executeUpdate();
    }
  }
}

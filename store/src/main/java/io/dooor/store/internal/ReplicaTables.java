package io.dooor.store.internal;

import io.dooor.common.Bytes;
import io.dooor.core.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tables replicas share (issue 15, V8): leases with fencing tokens, and the deployment
 * identity. Writes run inside the serialised write transaction, so read-then-write is atomic.
 */
public final class ReplicaTables {
  private ReplicaTables() {}

  static Optional<Lease> lease(Connection c, String duty) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT holder, token, expires_at FROM leases WHERE duty = ?")) {
      ps.setString(1, duty);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(lease(duty, rs)) : Optional.empty();
      }
    }
  }

  static List<Lease> leases(Connection c) throws SQLException {
    List<Lease> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT duty, holder, token, expires_at FROM leases ORDER BY duty");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(lease(rs.getString("duty"), rs));
      }
    }
    return out;
  }

  /** See {@code Store.Tx#acquireLease}. */
  static Optional<Lease> acquire(
      Connection c, String duty, String holder, Instant now, Duration ttl) throws SQLException {
    Optional<Lease> last = lease(c, duty);
    Instant until = now.plus(ttl);
    Lease next;
    if (last.isEmpty()) {
      next = new Lease(duty, holder, 1, until);
    } else if (last.get().holder().equals(holder)) {
      next = new Lease(duty, holder, last.get().token(), until);
    } else if (!last.get().heldAt(now)) {
      next = new Lease(duty, holder, last.get().token() + 1, until);
    } else {
      return Optional.empty();
    }
    put(c, next);
    return Optional.of(next);
  }

  /** The fencing check: the same holding, unexpired at {@code now}. */
  static boolean holds(Connection c, Lease lease, Instant now) throws SQLException {
    return lease(c, lease.duty()).map(l -> l.sameHolding(lease) && l.heldAt(now)).orElse(false);
  }

  /**
   * As {@link #holds}, for a transaction outside the serialised writer (the audit integrator): on
   * PostgreSQL the lease row is locked FOR SHARE until commit, so no replica takes the lease while
   * the fenced write is in flight; SQLite's single writer needs no lock.
   */
  public static boolean holdsLocked(Connection c, Lease lease, Instant now) throws SQLException {
    boolean postgres =
        c.getMetaData()
            .getDatabaseProductName()
            .toLowerCase(java.util.Locale.ROOT)
            .contains("postgres");
    String sql =
        "SELECT holder, token, expires_at FROM leases WHERE duty = ?"
            + (postgres ? " FOR SHARE" : "");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, lease.duty());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        Lease l = lease(lease.duty(), rs);
        return l.sameHolding(lease) && l.heldAt(now);
      }
    }
  }

  static Optional<Bytes> identity(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT value FROM deployment_identity WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Columns.bytes(rs, "value")) : Optional.empty();
      }
    }
  }

  static Bytes createIdentity(Connection c, String name, Bytes value) throws SQLException {
    Optional<Bytes> there = identity(c, name);
    if (there.isPresent()) {
      return there.get();
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO deployment_identity (name, value) VALUES (?,?)")) {
      ps.setString(1, name);
      ps.setBytes(2, value.toArray());
      ps.executeUpdate();
    }
    return value;
  }

  private static void put(Connection c, Lease l) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO leases (duty, holder, token, expires_at) VALUES (?,?,?,?)"
                + " ON CONFLICT (duty) DO UPDATE SET holder = excluded.holder,"
                + " token = excluded.token, expires_at = excluded.expires_at")) {
      ps.setString(1, l.duty());
      ps.setString(2, l.holder());
      ps.setLong(3, l.token());
      ps.setLong(4, l.expiresAt().toEpochMilli());
      ps.executeUpdate();
    }
  }

  private static Lease lease(String duty, ResultSet rs) throws SQLException {
    return new Lease(
        duty,
        rs.getString("holder"),
        rs.getLong("token"),
        Instant.ofEpochMilli(rs.getLong("expires_at")));
  }
}

package io.dooor.store.internal;

import io.dooor.audit.AuditEntry;
import io.dooor.audit.AuditException;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.Principal;
import io.dooor.store.audit.JdbcAuditLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The event record is the audit log (DESIGN §7): an event is appended as one audit entry, in the
 * caller's transaction, at the log's next gap-free position, and read back by decoding the entries.
 * There is no second table and no second counter.
 */
final class EventLog {
  private EventLog() {}

  /** Appends {@code e} as the next audit entry within the open transaction on {@code c}. */
  static long append(Connection c, Event e) throws SQLException {
    return JdbcAuditLog.append(c, entry(e));
  }

  /** Number of events recorded: the log's next position (committed state only). */
  static long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT next_seq FROM audit_sequence");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("audit_sequence row missing: is V2__audit_log applied?");
      }
      return rs.getLong(1);
    }
  }

  /** Events with {@code from <= seq < to}, decoded from their entries, in order. */
  static List<Event> range(Connection c, long from, long to) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT entry FROM audit_entry WHERE seq >= ? AND seq < ? ORDER BY seq")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        List<Event> out = new ArrayList<>();
        while (rs.next()) {
          out.add(event(rs.getBytes(1)));
        }
        return out;
      }
    }
  }

  /** The entry recording {@code e}: the actor as its principal bytes, the outcome by name. */
  static AuditEntry entry(Event e) {
    return AuditEntry.of(
        e.time(),
        Bytes.of(e.actor().toBytes()),
        e.action(),
        e.subject(),
        e.requestDigest(),
        AuditEntry.Outcome.valueOf(e.outcome().name()),
        e.reason(),
        e.details());
  }

  private static Event event(byte[] encoded) throws SQLException {
    AuditEntry a;
    try {
      a = AuditEntry.decode(Bytes.of(encoded));
    } catch (AuditException ex) {
      throw new SQLException("stored audit entry does not decode: " + ex.getMessage(), ex);
    }
    return new Event(
        a.seq(),
        a.time(),
        Principal.of(a.actor()),
        a.action(),
        a.subject(),
        a.requestDigest(),
        Event.Outcome.valueOf(a.outcome().name()),
        a.reason(),
        a.details());
  }
}

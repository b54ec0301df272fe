package io.dooor.store.internal;

import io.dooor.core.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code events} table: the gap-free event record, seq 0, 1, 2, ... */
final class EventTable {
  private static final String COLUMNS =
      "seq, time, actor, action, subject, request_digest, outcome, reason, details";

  private EventTable() {}

  /**
   * The next sequence number: one past the highest stored. Only meaningful while the caller holds
   * the database's write serialisation (SQLite write lock, PostgreSQL advisory lock).
   */
  static long next(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT max(seq) FROM events");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long max = rs.getLong(1);
      return rs.wasNull() ? 0 : max + 1;
    }
  }

  static void insert(Connection c, Event e) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO events (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)")) {
      ps.setLong(1, e.seq());
      Columns.setInstant(ps, 2, e.time());
      ps.setBytes(3, e.actor().toBytes());
      ps.setString(4, e.action());
      ps.setString(5, e.subject());
      ps.setBytes(6, e.requestDigest().toArray());
      ps.setString(7, e.outcome().name());
      ps.setString(8, e.reason());
      ps.setString(9, CanonicalJson.ofStrings(e.details()));
      ps.executeUpdate();
    }
  }

  static List<Event> range(Connection c, long from, long to) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM events WHERE seq >= ? AND seq < ? ORDER BY seq")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        List<Event> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    }
  }

  private static Event read(ResultSet rs) throws SQLException {
    return new Event(
        rs.getLong("seq"),
        Columns.instant(rs, "time"),
        Columns.principal(rs, "actor"),
        rs.getString("action"),
        rs.getString("subject"),
        Columns.bytes(rs, "request_digest"),
        Event.Outcome.valueOf(rs.getString("outcome")),
        rs.getString("reason"),
        CanonicalJson.strings(rs.getString("details")));
  }
}

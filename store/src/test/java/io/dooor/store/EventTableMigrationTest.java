package io.dooor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.audit.AuditEntry;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.testkit.StoreFixtures;
import io.dooor.store.audit.JdbcAuditLog;
import io.dooor.store.internal.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder written before the events table was dropped (schema V3: every event in both {@code
 * events} and {@code audit_entry}) opens under the current schema with every event intact, now read
 * from the audit log, and the next event continues the same sequence.
 */
class EventTableMigrationTest {
  @TempDir Path dir;

  @Test
  void eventsWrittenTwiceUnderV3AreReadFromTheAuditLogAfterV4() throws Exception {
    Path file = dir.resolve("cp.db");
    List<Event> old =
        List.of(StoreFixtures.event("node.register", "node:a"), StoreFixtures.refused("node:a"));
    String url = "jdbc:sqlite:" + file;
    Flyway.configure()
        .dataSource(url, "", "")
        .locations(Dialect.SQLITE.migrations())
        .target("3")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      for (int i = 0; i < old.size(); i++) {
        writeAsV3Did(c, old.get(i).withSeq(i));
      }
      c.commit();
    }
    try (JdbcStore store = JdbcStore.sqlite(file)) {
      assertThat(store.eventCount()).isEqualTo(2);
      assertThat(store.events(0, 10)).containsExactly(old.get(0).withSeq(0), old.get(1).withSeq(1));
      Event next = StoreFixtures.event("node.verify", "node:a");
      long seq = store.inTransaction(tx -> tx.append(next));
      assertThat(seq).isEqualTo(2);
      assertThat(store.events(2, 3)).containsExactly(next.withSeq(2));
    }
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM sqlite_master WHERE name = 'events'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  /** The V3 code's double write: a row in events, and the same event as an audit entry. */
  private static void writeAsV3Did(Connection c, Event e) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO events (seq, time, actor, action, subject, request_digest, outcome,"
                + " reason, details) VALUES (?,?,?,?,?,?,?,?,?)")) {
      ps.setLong(1, e.seq());
      ps.setString(2, e.time().toString());
      ps.setBytes(3, e.actor().toBytes());
      ps.setString(4, e.action());
      ps.setString(5, e.subject());
      ps.setBytes(6, e.requestDigest().toArray());
      ps.setString(7, e.outcome().name());
      ps.setString(8, e.reason());
      ps.setString(9, "{}");
      ps.executeUpdate();
    }
    JdbcAuditLog.append(
        c,
        AuditEntry.of(
            e.time(),
            Bytes.of(e.actor().toBytes()),
            e.action(),
            e.subject(),
            e.requestDigest(),
            AuditEntry.Outcome.valueOf(e.outcome().name()),
            e.reason(),
            e.details()));
  }
}

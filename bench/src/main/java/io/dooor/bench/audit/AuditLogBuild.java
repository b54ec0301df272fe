package io.dooor.bench.audit;

import com.zaxxer.hikari.HikariDataSource;
import io.dooor.audit.AuditEntry;
import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.Integrator;
import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import io.dooor.store.audit.JdbcAuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Builds a large SQLite audit log for the proof benchmarks through the production code paths:
 * entries are encoded and leaf-hashed by {@link JdbcAuditLog#appendAll} (50,000 per fsync'd
 * transaction), the tree is grown by {@link Integrator} and a checkpoint is signed. Entries differ
 * in time and subject, like a fleet's heartbeats.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dooor.bench.audit.AuditLogBuild FILE
 * SIZE}
 */
public final class AuditLogBuild {
  static final int CHUNK = 50_000;
  private static final Instant START = Instant.parse("2026-11-25T00:00:00Z");
  private static final Bytes ACTOR =
      Bytes.of(Principal.selfAuthenticating(new byte[] {1, 2, 3}).toBytes());

  private AuditLogBuild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long size = Long.parseLong(args[1]);
    try (HikariDataSource ds = AuditDb.sqlite(file, 2)) {
      build(ds, size);
      report(ds, file, size);
    }
  }

  /** Recreates the audit tables in {@code ds} and fills them with {@code size} entries. */
  static void build(DataSource ds, long size) throws Exception {
    AuditDb.migrate(ds, "sqlite");
    JdbcAuditLog store = new JdbcAuditLog(ds);
    long t0 = System.nanoTime();
    appendFiller(ds, 0, size);
    long t1 = System.nanoTime();
    Integrator integrator = new Integrator(store, CheckpointSigner.generate("bench/audit"));
    integrator.integrateAll();
    long t2 = System.nanoTime();
    String note = integrator.publishNow();
    System.out.printf(
        Locale.ROOT,
        "built %,d entries: append %.1f s, integrate %.1f s, sign %.3f s%ncheckpoint:%n%s",
        size,
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9,
        (System.nanoTime() - t2) / 1e9,
        note);
  }

  /**
   * Appends {@code count} heartbeat-like entries numbered from {@code from} (for their content) to
   * the audit log in {@code ds}, 50,000 per fsync'd transaction, through {@link
   * JdbcAuditLog#appendAll}.
   */
  public static void appendFiller(DataSource ds, long from, long count) throws SQLException {
    long t0 = System.nanoTime();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      for (long done = 0; done < count; done += CHUNK) {
        JdbcAuditLog.appendAll(c, chunk(from + done, (int) Math.min(CHUNK, count - done)));
        c.commit();
        if (done % 1_000_000 == 0) {
          System.out.printf(
              Locale.ROOT, "appended %,d in %.1f s%n", done, (System.nanoTime() - t0) / 1e9);
        }
      }
      c.setAutoCommit(true);
    }
  }

  static List<AuditEntry> chunk(long from, int n) {
    List<AuditEntry> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long k = from + i;
      out.add(
          AuditEntry.of(
              START.plusMillis(k),
              ACTOR,
              "node.heartbeat",
              String.format(Locale.ROOT, "node:tdx-node-%05d", k % 50_000),
              Bytes.of(new byte[32]),
              AuditEntry.Outcome.OK,
              "heartbeat accepted",
              Map.of("state", "ACTIVE")));
    }
    return out;
  }

  /** Prints the storage cost per entry after checkpointing the WAL into the database file. */
  static void report(DataSource ds, Path file, long size) throws Exception {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT (SELECT sum(length(entry)) FROM audit_entry),"
                  + " (SELECT sum(length(nodes)) FROM audit_tile)")) {
        rs.next();
        System.out.printf(
            Locale.ROOT,
            "storage: file %.1f B/entry (%,d bytes); entry payload %.1f B/entry, leaf hash 32"
                + " B/entry, tiles %.1f B/entry%n",
            (double) Files.size(file) / size,
            Files.size(file),
            rs.getDouble(1) / size,
            rs.getDouble(2) / size);
      }
    }
  }
}

package io.dooor.bench.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** Opens a benchmark database (SQLite file or PostgreSQL URL) with the audit tables, fresh. */
final class AuditDb {
  private AuditDb() {}

  /**
   * SQLite in WAL mode with synchronous=FULL: every commit is fsync'd. {@code
   * -Ddooor.bench.mmap=BYTES} sets SQLite's mmap_size (reads from the mapping, no read syscalls).
   */
  static HikariDataSource sqlite(Path file, int pool) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl("jdbc:sqlite:" + file);
    cfg.addDataSourceProperty("journal_mode", "WAL");
    cfg.addDataSourceProperty("synchronous", "FULL");
    cfg.addDataSourceProperty("busy_timeout", "60000");
    String mmap = System.getProperty("dooor.bench.mmap");
    if (mmap != null) {
      cfg.addDataSourceProperty("mmap_size", mmap);
    }
    cfg.setMaximumPoolSize(pool);
    return new HikariDataSource(cfg);
  }

  /** PostgreSQL from {@code -Ddooor.bench.pg=jdbc:postgresql://host:port/db?user=...}. */
  static HikariDataSource postgres(int pool) {
    String url = System.getProperty("dooor.bench.pg");
    if (url == null) {
      throw new IllegalStateException("set -Ddooor.bench.pg=jdbc:postgresql://...");
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setMaximumPoolSize(pool);
    return new HikariDataSource(cfg);
  }

  /** Drops and recreates the audit tables from the audit migrations of the dialect. */
  static void migrate(DataSource ds, String dialect) throws SQLException, IOException {
    StringBuilder sql = new StringBuilder();
    for (String file : AUDIT_MIGRATIONS) {
      try (InputStream in =
          AuditDb.class.getResourceAsStream("/db/migration/" + dialect + "/" + file)) {
        if (in != null) {
          sql.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append(";\n");
        }
      }
    }
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      for (String t :
          List.of(
              "audit_sequence",
              "audit_entry",
              "audit_tree",
              "audit_tile",
              "audit_checkpoint",
              "audit_cosignature")) {
        st.execute("DROP TABLE IF EXISTS " + t);
      }
      for (String stmt : sql.toString().replaceAll("(?m)^--.*$", "").split(";")) {
        if (!stmt.isBlank()) {
          st.execute(stmt);
        }
      }
    }
  }

  /** The audit log's migrations, in order; a dialect may lack some (V3 is SQLite's only). */
  static final List<String> AUDIT_MIGRATIONS =
      List.of("V2__audit_log.sql", "V3__audit_tile_rowid.sql", "V9__audit_cosignatures.sql");
}

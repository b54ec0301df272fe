package io.dooor.store.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on a SQLite file (WAL, synchronous=FULL), one fresh file per test. */
class SqliteAuditLogTest extends AuditLogContract {
  @TempDir Path dir;
  HikariDataSource ds;

  static HikariDataSource sqlite(Path file) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl("jdbc:sqlite:" + file);
    cfg.addDataSourceProperty("journal_mode", "WAL");
    cfg.addDataSourceProperty("synchronous", "FULL");
    cfg.addDataSourceProperty("busy_timeout", "60000");
    cfg.setMaximumPoolSize(6);
    return new HikariDataSource(cfg);
  }

  @BeforeEach
  void open() throws Exception {
    ds = sqlite(dir.resolve("audit.db"));
    migrate(ds, "sqlite");
  }

  @AfterEach
  void close() {
    ds.close();
  }

  @Override
  DataSource dataSource() {
    return ds;
  }
}

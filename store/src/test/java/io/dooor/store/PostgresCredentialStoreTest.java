package io.dooor.store;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.CredentialStoreContractTest;
import io.dooor.core.testkit.MutableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The provider-credential store contract (migration V14) on a real PostgreSQL, one database per
 * test.
 */
class PostgresCredentialStoreTest extends CredentialStoreContractTest {
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
    database = PostgresDatabases.create(server, "credentials");
    super.openStore();
  }

  @Override
  protected Store open(MutableClock clock) {
    return JdbcStore.postgres(server.getJdbcUrl("postgres", database), "postgres", "", clock);
  }
}

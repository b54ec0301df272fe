package io.dooor.store;

import io.dooor.core.testkit.MutableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded PostgreSQL server for a test class ({@code @RegisterExtension static}), started
 * before its tests and stopped after them, with a fresh, empty database per test ({@link
 * #freshDatabase}).
 */
final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
  private static final AtomicInteger CREATED = new AtomicInteger();

  private final String prefix;
  private EmbeddedPostgres server;
  private String database;

  /** Databases are named {@code prefix_N}, N unique in this JVM. */
  PostgresServer(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    server = EmbeddedPostgres.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    server.close();
  }

  /** Creates a new empty database, which {@link #open} and {@link #raw} then use. */
  void freshDatabase() {
    database = prefix + "_" + CREATED.incrementAndGet();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A store on the current database, on {@code clock}. */
  JdbcStore open(MutableClock clock) {
    return JdbcStore.postgres(server.getJdbcUrl("postgres", database), "postgres", "", clock);
  }

  /** A plain connection to the current database. */
  Connection raw() throws SQLException {
    return server.getDatabase("postgres", database).getConnection();
  }
}

package io.dooor.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh, empty database on an embedded PostgreSQL server, one per test. */
final class PostgresDatabases {
  private static final AtomicInteger CREATED = new AtomicInteger();

  private PostgresDatabases() {}

  /** Creates {@code prefix_N} (N unique in this JVM) on {@code server}; returns its name. */
  static String create(EmbeddedPostgres server, String prefix) {
    String database = prefix + "_" + CREATED.incrementAndGet();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return database;
  }
}

package io.dooor.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * PostgreSQL through a HikariCP pool. Write transactions run at READ COMMITTED and begin by taking
 * a transaction-level advisory lock ({@code pg_advisory_xact_lock}, PostgreSQL docs §9.28.10), so
 * write transactions of every replica sharing the database run one after another; each statement
 * after the lock sees everything committed before it. (Under REPEATABLE READ or SERIALIZABLE the
 * snapshot would be taken before the lock is granted, and the event sequence could collide.)
 */
public final class PostgresDatabase implements Database {
  /** The advisory lock key of the write serialisation: "dooor" in ASCII. */
  static final long WRITE_LOCK_KEY = 0x646f6f6f72L;

  private static final int POOL_SIZE = 10;

  /**
   * How long a request waits for a connection: when PostgreSQL is down, requests fail fast (503)
   * instead of queueing for Hikari's default 30 s.
   */
  private static final long CONNECTION_TIMEOUT_MILLIS = 1000;

  /**
   * How long PostgreSQL lets a session sit idle inside a transaction before it ends the session
   * (and rolls the transaction back): a replica paused (SIGSTOP, a long GC) or cut off from the
   * database in the middle of a write transaction would otherwise hold the write lock, and every
   * other replica's writes would wait for it forever (chaos suite, issue 15). No transaction of
   * ours waits on its client for anywhere near this long.
   */
  static final long IDLE_IN_TRANSACTION_MILLIS = 5000;

  /**
   * How long one read from the database socket may wait: a replica whose link to the database is
   * cut (no reset, no answer) fails its requests with 503 after this instead of hanging forever.
   * Above the longest wait for the write lock behind a stalled holder ({@link
   * #IDLE_IN_TRANSACTION_MILLIS}).
   */
  static final int SOCKET_TIMEOUT_SECONDS = 15;

  private final HikariDataSource pool;
  private final boolean serialised;

  private PostgresDatabase(HikariDataSource pool, boolean serialised) {
    this.pool = pool;
    this.serialised = serialised;
  }

  /**
   * The same pool, whose write transactions take no advisory lock: for writes that need no order
   * with any other, only their own rows' uniqueness (request nonces, issue 15). Closing it closes
   * nothing; the pool closes with this database.
   */
  public Database unserialised() {
    return new PostgresDatabase(pool, false);
  }

  public static PostgresDatabase open(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setAutoCommit(true);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setPoolName("dooor-store");
    // pgjdbc connection properties (a parameter of the same name in the URL takes precedence)
    config.addDataSourceProperty(
        "options", "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_MILLIS);
    config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    return new PostgresDatabase(new HikariDataSource(config), true);
  }

  /** Data source for schema migration. */
  @Override
  public DataSource dataSource() {
    return pool;
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRES;
  }

  @Override
  public Connection beginWrite() throws SQLException {
    Connection c = pool.getConnection();
    try {
      c.setAutoCommit(false);
      if (serialised) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          ps.setLong(1, WRITE_LOCK_KEY);
          ps.execute();
        }
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      rollback(c);
      c.close();
      throw e;
    }
  }

  @Override
  public void commit(Connection c) throws SQLException {
    c.commit();
  }

  @Override
  public void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the server rolls the transaction back when it goes away.
    }
  }

  @Override
  public void releaseWrite(Connection c) {
    releaseReader(c);
  }

  @Override
  public Connection reader() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void releaseReader(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Hikari evicts a connection it cannot reset.
    }
  }

  @Override
  public void close() {
    if (serialised) {
      pool.close();
    }
  }
}

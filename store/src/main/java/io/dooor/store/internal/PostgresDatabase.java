package io.dooor.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * PostgreSQL through a HikariCP pool. Write transactions run at READ COMMITTED; each statement sees
 * everything committed before it. (Under REPEATABLE READ or SERIALIZABLE the snapshot would be
 * taken before a lock is granted, and the event sequence could collide.)
 *
 * <p>{@link Writes#CONCURRENT} (the default): write transactions of every thread and replica run at
 * once, each serializable through transaction-level advisory locks (PostgreSQL docs §9.28.10) held
 * until commit:
 *
 * <ul>
 *   <li>every write transaction begins holding the write key <em>shared</em>;
 *   <li>the rows of one node (node, evidence, challenge, shard endpoint) are read and written only
 *       under that node's key ({@link #lockNode}): one registration of an id, one consumption of a
 *       challenge, one state transition at a time per node;
 *   <li>every other table is written only under the write key <em>exclusive</em> ({@link
 *       #runAlone}: taken at once if no other transaction holds it, else the work is rolled back
 *       and run again in a transaction that takes it exclusive from its start, {@link #alone()}):
 *       while any transaction holds the key shared, those tables do not change, so what it read of
 *       them (a policy, a role, a lease) is still true at its commit; and a transaction writing
 *       them runs alone, as before;
 *   <li>the audit sequence is taken last: the entries a transaction's works keep for the commit
 *       ({@code JdbcTx#appendAtCommit}) are numbered just before it commits, by an update of the
 *       sequence's one row ({@code JdbcAuditLog.appendAll}), row-locked until commit. So entry n+1
 *       can only be assigned after the transaction holding n has committed (PostgreSQL releases
 *       locks after the commit is visible): no reader ever sees n+1 without n, the log is in commit
 *       order, and a rolled-back transaction gives its numbers back. Transactions wait for each
 *       other only for that insert and their commit.
 * </ul>
 *
 * Two transactions that wait for each other (two nodes locked in opposite order, or a node and the
 * audit row) are broken by PostgreSQL's deadlock detection; the victim is re-run ({@code Dialect}).
 *
 * <p>{@link Writes#SERIAL}: every write transaction holds the write key exclusive from its start
 * (the previous behaviour, kept for comparison: {@code -Ddooor.store.postgres.writes=serial}).
 */
public final class PostgresDatabase implements Database {
  /** The advisory lock key of the write serialisation: "dooor" in ASCII. */
  static final long WRITE_LOCK_KEY = 0x646f6f6f72L;

  private static final int POOL_SIZE = 10;

  /** The namespace of the node keys ({@code pg_advisory_xact_lock(int, int)}): "dn" in ASCII. */
  private static final int NODE_KEYS = 0x646e;

  /** The system property choosing {@link Writes} for new databases. */
  public static final String WRITES_PROPERTY = "dooor.store.postgres.writes";

  /** How write transactions are kept serializable. */
  public enum Writes {
    /** One write transaction at a time (write key exclusive from the start). */
    SERIAL,
    /** Concurrent, under node keys and the shared write key (see the class comment). */
    CONCURRENT;

    /** As named by {@link #WRITES_PROPERTY} ("serial" or "concurrent"), CONCURRENT if unset. */
    public static Writes configured() {
      String v = System.getProperty(WRITES_PROPERTY, "concurrent");
      return switch (v) {
        case "serial" -> SERIAL;
        case "concurrent" -> CONCURRENT;
        default ->
            throw new IllegalArgumentException(
                WRITES_PROPERTY + " must be serial or concurrent, not " + v);
      };
    }
  }

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

  /** What a write transaction takes at its start. */
  private enum Begin {
    NOTHING,
    SHARED,
    EXCLUSIVE
  }

  private final HikariDataSource pool;
  private final boolean ownsPool;
  private final Begin begin;

  private PostgresDatabase(HikariDataSource pool, boolean ownsPool, Begin begin) {
    this.pool = pool;
    this.ownsPool = ownsPool;
    this.begin = begin;
  }

  /** How this database's write transactions are kept serializable. */
  public Writes writes() {
    return begin == Begin.SHARED ? Writes.CONCURRENT : Writes.SERIAL;
  }

  /**
   * The same pool, whose write transactions take no advisory lock: for writes that need no order
   * with any other, only their own rows' uniqueness (request nonces, issue 15). Closing it closes
   * nothing; the pool closes with this database.
   */
  public Database unserialised() {
    return new PostgresDatabase(pool, false, Begin.NOTHING);
  }

  public static PostgresDatabase open(String jdbcUrl, String user, String password) {
    return open(jdbcUrl, user, password, Writes.configured());
  }

  public static PostgresDatabase open(String jdbcUrl, String user, String password, Writes writes) {
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
    return new PostgresDatabase(
        new HikariDataSource(config),
        true,
        writes == Writes.SERIAL ? Begin.EXCLUSIVE : Begin.SHARED);
  }

  /** Registers HikariCP's pool meters with a Micrometer {@code MeterRegistry} (once). */
  public void bindPoolMeters(Object meterRegistry) {
    pool.setMetricRegistry(meterRegistry);
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
      if (begin == Begin.EXCLUSIVE) {
        writeKey(c, "SELECT pg_advisory_xact_lock(?)");
      } else if (begin == Begin.SHARED) {
        writeKey(c, "SELECT pg_advisory_xact_lock_shared(?)");
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      rollback(c);
      c.close();
      throw e;
    }
  }

  private static void writeKey(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, WRITE_LOCK_KEY);
      ps.execute();
    }
  }

  @Override
  public void lockNode(Connection c, String nodeId) throws SQLException {
    if (begin != Begin.SHARED) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
      ps.setInt(1, NODE_KEYS);
      ps.setString(2, nodeId);
      ps.execute();
    }
  }

  /**
   * Takes the write key exclusive if no other transaction holds it now (the same backend's shared
   * hold does not conflict with itself); otherwise throws {@link MustRunAlone}, and the work is
   * rolled back and run again in a transaction that holds the key exclusive from its start ({@link
   * #alone()}). Waiting here instead would deadlock two upgrading transactions, and a transaction
   * holding the audit sequence row with every one waiting for it.
   */
  @Override
  public void runAlone(Connection c) throws SQLException {
    if (begin != Begin.SHARED) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      ps.setLong(1, WRITE_LOCK_KEY);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          throw new MustRunAlone();
        }
      }
    }
  }

  /**
   * The same pool, whose write transactions hold the write key exclusive from their start (waiting
   * for the running ones to end; new ones wait behind): for works that {@link MustRunAlone}.
   * Closing it closes nothing.
   */
  public Database alone() {
    return new PostgresDatabase(pool, false, Begin.EXCLUSIVE);
  }

  /** A work must be run again in a transaction that runs alone ({@link #alone()}). */
  public static final class MustRunAlone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MustRunAlone() {
      super("the write transaction must run alone", null, false, false);
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
    if (ownsPool) {
      pool.close();
    }
  }
}

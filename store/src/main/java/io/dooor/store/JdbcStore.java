package io.dooor.store;

import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import io.dooor.core.port.Store;
import io.dooor.store.internal.Database;
import io.dooor.store.internal.JdbcTx;
import io.dooor.store.internal.NoncePurge;
import io.dooor.store.internal.PostgresDatabase;
import io.dooor.store.internal.Reads;
import io.dooor.store.internal.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The control plane's {@link Store} over JDBC (DESIGN §8): SQLite as the embedded default,
 * PostgreSQL for scale-out. Write transactions are serialised per database (across replicas too),
 * so each is serializable and the event sequence is gap-free; a committed transaction is durable
 * (SQLite WAL with synchronous=FULL; PostgreSQL's default fsync'd commit). Transient conflicts
 * (SQLite busy, PostgreSQL serialization failure or deadlock) re-run the work, so work must have no
 * effects outside the transaction.
 */
public final class JdbcStore implements Store {
  static final int MAX_ATTEMPTS = 8;

  private final Database db;
  private final Reads reads;
  private final NoncePurge purge;

  private JdbcStore(Database db, Clock clock) {
    this.db = db;
    this.reads = new Reads(db);
    this.purge = new NoncePurge(clock, Duration.ofSeconds(1));
  }

  /** Opens (creating and migrating if needed) the SQLite database {@code file}. */
  public static JdbcStore sqlite(Path file) {
    return sqlite(file, Clock.systemUTC());
  }

  static JdbcStore sqlite(Path file, Clock clock) {
    SqliteDatabase db;
    try {
      db = SqliteDatabase.open(file);
    } catch (SQLException e) {
      throw new StoreException(StoreException.Reason.UNAVAILABLE, "open " + file, e);
    }
    return migrated(db, db.dataSource(), clock);
  }

  /** Connects to PostgreSQL ({@code jdbc:postgresql://host:port/db}) and migrates its schema. */
  public static JdbcStore postgres(String jdbcUrl, String user, String password) {
    return postgres(jdbcUrl, user, password, Clock.systemUTC());
  }

  static JdbcStore postgres(String jdbcUrl, String user, String password, Clock clock) {
    PostgresDatabase db;
    try {
      db = PostgresDatabase.open(jdbcUrl, user, password);
    } catch (RuntimeException e) {
      throw new StoreException(StoreException.Reason.UNAVAILABLE, "connect " + jdbcUrl, e);
    }
    return migrated(db, db.dataSource(), clock);
  }

  private static JdbcStore migrated(Database db, DataSource source, Clock clock) {
    try {
      Flyway.configure().dataSource(source).locations(db.dialect().migrations()).load().migrate();
      return new JdbcStore(db, clock);
    } catch (FlywayException e) {
      db.close();
      throw new StoreException(StoreException.Reason.MIGRATION_FAILED, e.getMessage(), e);
    }
  }

  @Override
  public <T, E extends Exception> T inTransaction(Work<T, E> work) throws E {
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(work);
      } catch (Conflict conflict) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new StoreException(
              StoreException.Reason.RETRIES_EXHAUSTED,
              "transaction conflicted " + attempt + " times",
              conflict.getCause());
        }
        backOff(attempt);
      }
    }
  }

  private <T, E extends Exception> T attempt(Work<T, E> work) throws E, Conflict {
    Connection c = begin();
    boolean committed = false;
    try {
      T result = work.run(new JdbcTx(c, purge));
      db.commit(c);
      committed = true;
      return result;
    } catch (SQLException e) {
      throw failed("commit", e);
    } catch (RuntimeException e) {
      if (db.dialect().isRetryable(e)) {
        throw new Conflict(e);
      }
      throw e;
    } finally {
      if (!committed) {
        db.rollback(c);
      }
      db.releaseWrite(c);
    }
  }

  private Connection begin() throws Conflict {
    try {
      return db.beginWrite();
    } catch (SQLException e) {
      throw failed("begin", e);
    }
  }

  private Conflict failed(String what, SQLException e) throws Conflict {
    if (db.dialect().isRetryable(e)) {
      throw new Conflict(e);
    }
    throw new StoreException(StoreException.Reason.UNAVAILABLE, what + ": " + e.getMessage(), e);
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L << Math.min(attempt, 8)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Reason.UNAVAILABLE, "interrupted in backoff", e);
    }
  }

  @Override
  public Optional<Node> node(NodeId id) {
    return reads.node(id);
  }

  @Override
  public List<Node> nodes() {
    return reads.nodes();
  }

  @Override
  public Optional<Policy> policy(String workload) {
    return reads.policy(workload);
  }

  @Override
  public List<Policy> policies() {
    return reads.policies();
  }

  @Override
  public Optional<Role> role(Principal principal) {
    return reads.role(principal);
  }

  @Override
  public Map<Principal, Role> principals() {
    return reads.principals();
  }

  @Override
  public List<Event> events(long from, long to) {
    return reads.events(from, to);
  }

  @Override
  public long eventCount() {
    return reads.eventCount();
  }

  @Override
  public void close() {
    db.close();
  }

  /** A transient conflict: the attempt was rolled back and may be run again. */
  private static final class Conflict extends Exception {
    private static final long serialVersionUID = 1L;

    Conflict(Exception cause) {
      super(cause);
    }
  }
}

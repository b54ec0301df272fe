package io.dooor.store;

import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeEvidence;
import io.dooor.core.NodeId;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.RepairJob;
import io.dooor.core.Role;
import io.dooor.core.port.Store;
import io.dooor.store.internal.Database;
import io.dooor.store.internal.GroupCommit;
import io.dooor.store.internal.NoncePurge;
import io.dooor.store.internal.PostgresDatabase;
import io.dooor.store.internal.Reads;
import io.dooor.store.internal.SqliteDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The control plane's {@link Store} over JDBC (DESIGN §8): SQLite as the embedded default,
 * PostgreSQL for scale-out. Write transactions are serializable and the event sequence is gap-free
 * in commit order, across replicas too: on SQLite one runs at a time; on PostgreSQL they run
 * concurrently ({@link #CONCURRENT_LANES} per process) under the locks {@code PostgresDatabase}
 * describes; a committed transaction is durable (SQLite WAL with synchronous=FULL; PostgreSQL's
 * default fsync'd commit). Transient conflicts (SQLite busy, PostgreSQL serialization failure or
 * deadlock) re-run the work, so work must have no effects outside the transaction.
 *
 * <p>Concurrent write transactions share commits (group commit, at most {@link #DEFAULT_MAX_GROUP}
 * per commit by default): each returns only after the commit that made it durable, and one that
 * throws is rolled back alone (savepoint). See {@code GroupCommit}.
 */
public final class JdbcStore implements Store {
  static final int MAX_ATTEMPTS = 8;

  /** Default most write transactions sharing one commit (group commit). */
  public static final int DEFAULT_MAX_GROUP = 64;

  /**
   * Write transactions open at once on a PostgreSQL whose writes run concurrently: each lane is a
   * group commit on its own connection (the pool has 10: lanes, the nonce writer, and reads).
   */
  static final int CONCURRENT_LANES = 4;

  private final Database db;
  private final GroupCommit[] lanes;
  private final GroupCommit aloneLane;
  private final java.util.concurrent.atomic.AtomicInteger nextLane =
      new java.util.concurrent.atomic.AtomicInteger();
  private final GroupCommit nonceWriter;
  private final Reads reads;
  private final NoncePurge purge;
  private volatile WriteObserver observer = WriteObserver.NONE;

  private JdbcStore(Database db, Clock clock, int maxGroup) {
    this.db = db;
    int n =
        db instanceof PostgresDatabase pg && pg.writes() == PostgresDatabase.Writes.CONCURRENT
            ? CONCURRENT_LANES
            : 1;
    this.lanes = new GroupCommit[n];
    for (int i = 0; i < n; i++) {
      lanes[i] = new GroupCommit(db, maxGroup);
    }
    this.aloneLane =
        db instanceof PostgresDatabase pg && n > 1
            ? new GroupCommit(pg.alone(), maxGroup)
            : lanes[0];
    this.nonceWriter =
        db instanceof PostgresDatabase pg ? new GroupCommit(pg.unserialised(), maxGroup) : lanes[0];
    this.reads = new Reads(db);
    this.purge = new NoncePurge(clock, Duration.ofSeconds(1));
  }

  /** Opens (creating and migrating if needed) the SQLite database {@code file}. */
  public static JdbcStore sqlite(Path file) {
    return sqlite(file, DEFAULT_MAX_GROUP, Clock.systemUTC());
  }

  /**
   * As {@link #sqlite(Path)}, with at most {@code maxGroup} concurrent write transactions per
   * commit; 1 commits every transaction on its own.
   */
  public static JdbcStore sqlite(Path file, int maxGroup) {
    return sqlite(file, maxGroup, Clock.systemUTC());
  }

  static JdbcStore sqlite(Path file, Clock clock) {
    return sqlite(file, DEFAULT_MAX_GROUP, clock);
  }

  static JdbcStore sqlite(Path file, int maxGroup, Clock clock) {
    SqliteDatabase db;
    try {
      db = SqliteDatabase.open(file);
    } catch (SQLException e) {
      throw new StoreException(StoreException.Reason.UNAVAILABLE, "open " + file, e);
    }
    return migrated(db, db.dataSource(), clock, maxGroup);
  }

  /** Connects to PostgreSQL ({@code jdbc:postgresql://host:port/db}) and migrates its schema. */
  public static JdbcStore postgres(String jdbcUrl, String user, String password) {
    return postgres(jdbcUrl, user, password, DEFAULT_MAX_GROUP, Clock.systemUTC());
  }

  /** As {@link #postgres(String, String, String)}, with at most {@code maxGroup} per commit. */
  public static JdbcStore postgres(String jdbcUrl, String user, String password, int maxGroup) {
    return postgres(jdbcUrl, user, password, maxGroup, Clock.systemUTC());
  }

  static JdbcStore postgres(String jdbcUrl, String user, String password, Clock clock) {
    return postgres(jdbcUrl, user, password, DEFAULT_MAX_GROUP, clock);
  }

  static JdbcStore postgres(
      String jdbcUrl, String user, String password, int maxGroup, Clock clock) {
    PostgresDatabase db;
    try {
      db = PostgresDatabase.open(jdbcUrl, user, password);
    } catch (RuntimeException e) {
      throw new StoreException(StoreException.Reason.UNAVAILABLE, "connect " + jdbcUrl, e);
    }
    return migrated(db, db.dataSource(), clock, maxGroup);
  }

  private static JdbcStore migrated(Database db, DataSource source, Clock clock, int maxGroup) {
    try {
      Flyway.configure().dataSource(source).locations(db.dialect().migrations()).load().migrate();
      return new JdbcStore(db, clock, maxGroup);
    } catch (FlywayException e) {
      db.close();
      throw new StoreException(StoreException.Reason.MIGRATION_FAILED, e.getMessage(), e);
    }
  }

  /** The connection pool of this database, for components sharing it (the audit integrator). */
  public DataSource dataSource() {
    return db.dataSource();
  }

  /**
   * Registers the connection pool's meters (HikariCP's own Micrometer binder: {@code
   * hikaricp_connections_active}, {@code _idle}, {@code _pending}, {@code _acquire_seconds}, ...,
   * labelled {@code pool="dooor-store"}) with {@code meterRegistry}, a Micrometer {@code
   * MeterRegistry}; once. SQLite has no pool: nothing is registered.
   */
  public void bindPoolMeters(Object meterRegistry) {
    if (db instanceof PostgresDatabase pg) {
      pg.bindPoolMeters(meterRegistry);
    }
  }

  /** Sees every write transaction end: for the server's meters. */
  public interface WriteObserver {
    WriteObserver NONE =
        new WriteObserver() {
          @Override
          public void committed(long nanos) {}

          @Override
          public void failed(StoreException e) {}
        };

    /** A write transaction committed (durably) {@code nanos} after it was asked for. */
    void committed(long nanos);

    /** A write transaction failed in the store (not refused by its work). */
    void failed(StoreException e);
  }

  /** Reports every write transaction from now on to {@code o} (one observer; the last wins). */
  public void observeWrites(WriteObserver o) {
    this.observer = java.util.Objects.requireNonNull(o, "observer");
  }

  @Override
  public <T, E extends Exception> T inTransaction(Work<T, E> work) throws E {
    long start = System.nanoTime();
    try {
      T out = retried(lane(), work);
      observer.committed(System.nanoTime() - start);
      return out;
    } catch (StoreException e) {
      observer.failed(e);
      throw e;
    }
  }

  /** The next lane, round robin; refuses a transaction begun inside another. */
  private GroupCommit lane() {
    for (GroupCommit l : lanes) {
      if (l.heldByCurrentThread() || aloneLane.heldByCurrentThread()) {
        throw new IllegalStateException("inTransaction called inside a transaction");
      }
    }
    return lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
  }

  private <T, E extends Exception> T retried(GroupCommit through, Work<T, E> work) throws E {
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(through, work);
      } catch (PostgresDatabase.MustRunAlone e) {
        if (through == aloneLane) {
          throw new IllegalStateException("a transaction holding the write key cannot", e);
        }
        through = aloneLane; // not a conflict: run it again at once, alone
        attempt--;
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

  /**
   * Remembers a request nonce for replay protection across replicas: true on its first use, false
   * for a replay (a live record exists). On PostgreSQL its write transaction is group-committed
   * with other nonces but takes no advisory lock ({@code PostgresDatabase#unserialised}): a nonce
   * needs uniqueness, which the table's primary key (key_id, nonce) gives across replicas (of two
   * racing first uses the second waits for the first's commit, then finds the live row; PostgreSQL
   * docs, INSERT ... ON CONFLICT), not an order with other writes; so signed reads do not queue
   * behind the serialised writes. On SQLite it is an ordinary write transaction.
   *
   * @throws StoreException if the database cannot record it (the request is then refused)
   */
  public boolean firstUseOfNonce(String keyId, String nonce, java.time.Instant expiresAt) {
    Work<Boolean, RuntimeException> work = tx -> tx.rememberNonce(keyId, nonce, expiresAt);
    long start = System.nanoTime();
    try {
      boolean first = retried(nonceWriter, work);
      observer.committed(System.nanoTime() - start);
      return first;
    } catch (StoreException e) {
      observer.failed(e);
      throw e;
    }
  }

  private <T, E extends Exception> T attempt(GroupCommit through, Work<T, E> work)
      throws E, Conflict {
    try {
      return through.run(work, purge);
    } catch (SQLException e) {
      throw failed("write transaction", e);
    } catch (RuntimeException e) {
      if (db.dialect().isRetryable(e)) {
        throw new Conflict(e);
      }
      throw e;
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
  public Optional<NodeEvidence> evidence(NodeId id) {
    return reads.evidence(id);
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
  public Set<Role> roles(Principal principal) {
    return reads.roles(principal);
  }

  @Override
  public Map<Principal, Set<Role>> principals() {
    return reads.principals();
  }

  @Override
  public long dataEpoch() {
    return reads.dataEpoch();
  }

  @Override
  public Optional<String> shardEndpoint(NodeId id) {
    return reads.shardEndpoint(id);
  }

  @Override
  public Optional<Blob> blob(String id) {
    return reads.blob(id);
  }

  @Override
  public List<Blob> blobs() {
    return reads.blobs();
  }

  @Override
  public List<Bytes> manifestHistory(String id) {
    return reads.manifestHistory(id);
  }

  @Override
  public List<RepairJob> repairJobs() {
    return reads.repairJobs();
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
  public List<io.dooor.core.Lease> leases() {
    return reads.leases();
  }

  @Override
  public Optional<io.dooor.common.Bytes> identity(String name) {
    return reads.identity(name);
  }

  @Override
  public List<io.dooor.core.provision.WorkloadRow> workloads() {
    return reads.workloads();
  }

  @Override
  public List<io.dooor.core.provision.Machine> machines() {
    return reads.machines();
  }

  @Override
  public void close() {
    for (GroupCommit l : lanes) {
      l.flush();
    }
    aloneLane.flush();
    nonceWriter.flush();
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

package io.dooor.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dooor.common.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An SQLite file in WAL mode with synchronous=FULL (a commit is on disk when it returns), a busy
 * timeout, foreign keys and memory-mapped reads. One writer connection, serialised by a lock and by
 * BEGIN IMMEDIATE (so that another process on the same file waits instead of failing at commit);
 * readers come from a small pool and run concurrently with the writer (WAL snapshots).
 */
public final class SqliteDatabase implements Database {
  private static final int BUSY_TIMEOUT_MS = 10_000;
  private static final int IDLE_READERS = 32;
  private static final int SHARED_POOL = 4;

  /** Reads go through a memory mapping of up to this many bytes (capped by SQLite's build). */
  private static final long MMAP_BYTES = 1L << 32;

  private final SQLiteDataSource source;
  private final HikariDataSource shared;

  /** Not owner-bound: a group commit may begin on one thread and commit on another. */
  private final Semaphore writeLock = new Semaphore(1);

  private final Connection writer;
  private final ConcurrentLinkedQueue<Connection> idleReaders = new ConcurrentLinkedQueue<>();

  private SqliteDatabase(SQLiteDataSource source) throws SQLException {
    this.source = source;
    this.writer = source.getConnection();
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(source);
    pool.setMaximumPoolSize(SHARED_POOL);
    pool.setPoolName("dooor-sqlite-shared");
    this.shared = new HikariDataSource(pool);
  }

  /**
   * Opens (creating if absent) the database file. A new file is created empty and 0600 before
   * SQLite opens it (an empty file is an empty database): SQLite would create it 0644 less the
   * umask, and it creates the {@code -wal} and {@code -shm} files with the database file's mode.
   */
  public static SqliteDatabase open(Path file) throws SQLException {
    createOwnerOnly(file);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_BYTES));
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return new SqliteDatabase(source);
  }

  private static void createOwnerOnly(Path file) throws SQLException {
    try {
      Files.createFile(file, OwnerOnlyFiles.fileAttributes());
    } catch (FileAlreadyExistsException e) {
      // an existing database: opened as it is
    } catch (IOException e) {
      throw new SQLException("cannot create the database file " + file + ": " + e, e);
    }
  }

  /**
   * A small pool of connections with the same settings, for schema migration and for components
   * that share the database (the audit log's reads and its integrator): opening an SQLite
   * connection per query would cost more than the query.
   */
  @Override
  public DataSource dataSource() {
    return shared;
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public Connection beginWrite() throws SQLException {
    writeLock.acquireUninterruptibly();
    try {
      execute(writer, "BEGIN IMMEDIATE");
      return writer;
    } catch (SQLException | RuntimeException e) {
      writeLock.release();
      throw e;
    }
  }

  @Override
  public void commit(Connection c) throws SQLException {
    execute(c, "COMMIT");
  }

  @Override
  public void rollback(Connection c) {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException ignored) {
      // No transaction open any more (SQLite already rolled it back): nothing to undo.
    }
  }

  @Override
  public void releaseWrite(Connection c) {
    writeLock.release();
  }

  @Override
  public Connection reader() throws SQLException {
    Connection c = idleReaders.poll();
    return c != null ? c : source.getConnection();
  }

  @Override
  public void releaseReader(Connection c) {
    if (idleReaders.size() < IDLE_READERS) {
      idleReaders.offer(c);
    } else {
      closeQuietly(c);
    }
  }

  @Override
  public void close() {
    writeLock.acquireUninterruptibly();
    try {
      closeQuietly(writer);
      for (Connection c; (c = idleReaders.poll()) != null; ) {
        closeQuietly(c);
      }
      shared.close();
    } finally {
      writeLock.release();
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing is best effort; the file stays consistent either way.
    }
  }
}

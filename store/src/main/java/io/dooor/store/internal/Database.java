package io.dooor.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections to one database, with writers serialised: at most one write transaction runs at a
 * time against the database, across threads and (through the database's own locking) across
 * processes or replicas sharing it. That makes every write transaction serializable and lets the
 * event sequence be assigned gap-free from the table itself.
 */
public interface Database extends AutoCloseable {
  Dialect dialect();

  /** Connections outside the serialised writer (reads, the audit integrator). */
  javax.sql.DataSource dataSource();

  /** A connection inside a freshly begun write transaction, holding the write serialisation. */
  Connection beginWrite() throws SQLException;

  /** Commits the write transaction begun by {@link #beginWrite()}; durable when it returns. */
  void commit(Connection c) throws SQLException;

  /** Rolls back if still open; never throws. */
  void rollback(Connection c);

  /** Gives back a write connection after commit or rollback. */
  void releaseWrite(Connection c);

  /**
   * A connection for reads outside transactions (auto-commit: each statement sees committed data).
   */
  Connection reader() throws SQLException;

  void releaseReader(Connection c);

  @Override
  void close();
}

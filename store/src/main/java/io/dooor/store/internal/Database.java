package io.dooor.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections to one database and the locks of its write transactions. Each write transaction is
 * serializable, and the event sequence is assigned gap-free, in commit order, from the table
 * itself. SQLite has one writer at a time. PostgreSQL lets write transactions run concurrently
 * (across threads and replicas) when each takes, before it reads or writes, the lock that guards
 * what it touches: {@link #lockNode} for one node's rows, {@link #runAlone} for every other table;
 * the audit sequence row is locked by the append itself (see {@code PostgresDatabase}).
 */
public interface Database extends AutoCloseable {
  Dialect dialect();

  /** Connections outside the serialised writer (reads, the audit integrator). */
  javax.sql.DataSource dataSource();

  /** A connection inside a freshly begun write transaction, holding the write serialisation. */
  Connection beginWrite() throws SQLException;

  /**
   * Before the transaction on {@code c} reads or writes the rows of node {@code nodeId} (the node,
   * its evidence, challenge and shard endpoint): waits until no other transaction holds them, and
   * holds them until commit. Nothing to do where writers run one at a time.
   */
  default void lockNode(Connection c, String nodeId) throws SQLException {}

  /**
   * Before the transaction on {@code c} writes anything but a node's rows (policies, roles, leases,
   * data, provisioning, proposals): waits until it is the only write transaction, and stays the
   * only one until commit. Nothing to do where writers run one at a time.
   */
  default void runAlone(Connection c) throws SQLException {}

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

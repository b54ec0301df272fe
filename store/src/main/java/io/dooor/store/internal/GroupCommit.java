package io.dooor.store.internal;

import io.dooor.core.port.Store;
import io.dooor.store.audit.JdbcAuditLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: write transactions of concurrent callers share one database transaction and one
 * durable commit (one fsync), each caller's work isolated by a savepoint. A caller runs its own
 * work on its own thread while holding the writer lock; if other writers are waiting, it leaves the
 * transaction open for the next one and waits; the last writer of a group (nobody waiting, or the
 * group full) commits and wakes the others. No caller returns before the commit that made its
 * writes durable; a work that throws is rolled back to its savepoint and the others commit.
 *
 * <p>Each work sees the writes of the works before it in the group, as in a serial execution. The
 * audit entries the works kept for the commit ({@code JdbcTx#appendAtCommit}) are appended, in the
 * works' order, just before the commit. If the commit fails, every work of the group fails with
 * that error (and may be retried).
 */
public final class GroupCommit {
  private final Database db;
  private final int maxGroup;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection open;
  private Group group;

  /** {@code maxGroup} works at most per commit; 1 turns group commit off. */
  public GroupCommit(Database db, int maxGroup) {
    if (maxGroup < 1) {
      throw new IllegalArgumentException("maxGroup must be at least 1");
    }
    this.db = db;
    this.maxGroup = maxGroup;
  }

  /**
   * Runs {@code work} in the current group and returns its result once the group has committed.
   *
   * @throws E the work's own exception, unchanged (its writes rolled back)
   * @throws SQLException if the transaction could not be begun or committed
   */
  public <T, E extends Exception> T run(Store.Work<T, E> work, NoncePurge purge)
      throws E, SQLException {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("inTransaction called inside a transaction");
    }
    Outcome<T> outcome = new Outcome<>();
    Group mine;
    lock.lock();
    boolean wait = false;
    try {
      mine = join();
      runInSavepoint(work, purge, outcome);
      wait =
          lock.hasQueuedThreads() && mine.members < maxGroup && !mine.broken && !mine.rollbackOnly;
      if (!wait) {
        finish(mine);
      }
    } finally {
      lock.unlock();
    }
    if (wait) {
      mine.await();
    }
    outcome.<E>rethrowWork();
    mine.rethrowCommit();
    return outcome.value;
  }

  /** Whether the calling thread is running a work here now. */
  public boolean heldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  /** Commits any open group (called on close). */
  public void flush() {
    lock.lock();
    try {
      if (group != null) {
        finish(group);
      }
    } finally {
      lock.unlock();
    }
  }

  private Group join() throws SQLException {
    if (group == null) {
      open = db.beginWrite();
      group = new Group();
    }
    group.members++;
    return group;
  }

  /**
   * Runs the work. The first work of a group needs no savepoint: nobody else has joined while it
   * runs (it holds the lock), so if it fails the whole transaction is rolled back instead.
   */
  private <T, E extends Exception> void runInSavepoint(
      Store.Work<T, E> work, NoncePurge purge, Outcome<T> outcome) {
    boolean first = group.members == 1;
    try {
      if (!first) {
        execute("SAVEPOINT w");
      }
    } catch (SQLException e) {
      group.broken = true;
      return;
    }
    try {
      JdbcTx tx = new JdbcTx(open, purge, db);
      outcome.value = work.run(tx);
      if (!first) {
        execute("RELEASE SAVEPOINT w");
      }
      group.entries.addAll(tx.entriesAtCommit());
    } catch (Exception | Error e) {
      outcome.failure = e;
      if (first) {
        group.rollbackOnly = true;
      } else {
        undo();
      }
    }
  }

  private void undo() {
    try {
      execute("ROLLBACK TO SAVEPOINT w");
      execute("RELEASE SAVEPOINT w");
    } catch (SQLException e) {
      group.broken = true;
    }
  }

  private void finish(Group g) {
    SQLException error = null;
    try {
      if (g.broken) {
        error = new SQLException("group transaction broken by a failed rollback; rolled back");
      } else if (g.rollbackOnly) {
        db.rollback(open);
      } else {
        if (!g.entries.isEmpty()) {
          // The audit sequence is taken here, last: held only through this insert and the commit.
          JdbcAuditLog.appendAll(open, g.entries);
        }
        db.commit(open);
      }
    } catch (SQLException e) {
      error = e;
    } finally {
      Connection c = open;
      open = null;
      group = null;
      try {
        if (error != null) {
          db.rollback(c);
        }
        db.releaseWrite(c);
      } finally {
        g.finish(error);
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = open.createStatement()) {
      s.execute(sql);
    }
  }

  /** One caller's result or exception. */
  private static final class Outcome<T> {
    T value;
    Throwable failure;

    @SuppressWarnings("unchecked")
    <E extends Exception> void rethrowWork() throws E {
      if (failure == null) {
        return;
      }
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error err) {
        throw err;
      }
      throw (E) failure;
    }
  }

  /** The works sharing one transaction. Guarded by its monitor once finished. */
  private static final class Group {
    int members;
    final java.util.List<io.dooor.audit.AuditEntry> entries = new java.util.ArrayList<>();
    boolean broken;
    boolean rollbackOnly;
    private boolean done;
    private SQLException error;

    synchronized void finish(SQLException e) {
      error = e;
      done = true;
      notifyAll();
    }

    synchronized void await() {
      boolean interrupted = false;
      while (!done) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized void rethrowCommit() throws SQLException {
      if (error != null) {
        throw new SQLException(
            "group commit failed: " + error.getMessage(),
            error.getSQLState(),
            error.getErrorCode(),
            error);
      }
    }
  }
}

package io.dooor.store.internal;

import java.sql.SQLException;

/** What differs between the two supported databases. */
public enum Dialect {
  /** SQLite 3 through xerial sqlite-jdbc: one writer at a time per file (BEGIN IMMEDIATE). */
  SQLITE("classpath:db/migration/sqlite"),
  /** PostgreSQL 12+ through pgjdbc. */
  POSTGRES("classpath:db/migration/postgres");

  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private final String migrations;

  Dialect(String migrations) {
    this.migrations = migrations;
  }

  /** Flyway location of this dialect's migrations. */
  public String migrations() {
    return migrations;
  }

  /**
   * Whether {@code t} (or a cause of it) is a transient conflict after which the whole transaction
   * may be run again: SQLITE_BUSY/SQLITE_LOCKED (any extended code), or PostgreSQL SQLSTATE 40001
   * serialization_failure / 40P01 deadlock_detected.
   */
  public boolean isRetryable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException e && isRetryable(e)) {
        return true;
      }
    }
    return false;
  }

  private boolean isRetryable(SQLException e) {
    if (this == SQLITE) {
      int primary = e.getErrorCode() & 0xff;
      return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state);
  }
}

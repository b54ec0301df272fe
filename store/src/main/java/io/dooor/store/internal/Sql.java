package io.dooor.store.internal;

import io.dooor.store.StoreException;
import java.sql.SQLException;
import java.time.DateTimeException;

/** Runs a JDBC call, turning its failures into {@link StoreException}s with a reason. */
public final class Sql {
  private Sql() {}

  /** A JDBC call. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws SQLException;
  }

  private static final int SQLITE_CONSTRAINT = 19;

  /**
   * A constraint violation (SQLSTATE class 23, SQLITE_CONSTRAINT) is a bad value, not an outage.
   */
  static StoreException.Reason reason(SQLException e) {
    String state = e.getSQLState();
    boolean constraint =
        (state != null && state.startsWith("23")) || (e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT;
    return constraint ? StoreException.Reason.UNSTORABLE_VALUE : StoreException.Reason.UNAVAILABLE;
  }

  public static <T> T call(String what, Call<T> call) {
    try {
      return call.run();
    } catch (SQLException e) {
      throw new StoreException(reason(e), what + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new StoreException(
          StoreException.Reason.CORRUPT_ROW,
          what + ": stored row is invalid: " + e.getMessage(),
          e);
    }
  }
}

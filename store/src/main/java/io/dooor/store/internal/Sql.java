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

  public static <T> T call(String what, Call<T> call) {
    try {
      return call.run();
    } catch (SQLException e) {
      throw new StoreException(StoreException.Reason.UNAVAILABLE, what + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException | DateTimeException | NullPointerException e) {
      throw new StoreException(
          StoreException.Reason.CORRUPT_ROW,
          what + ": stored row is invalid: " + e.getMessage(),
          e);
    }
  }
}

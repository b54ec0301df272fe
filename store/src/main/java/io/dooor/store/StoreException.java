package io.dooor.store;

/**
 * The store could not do what was asked. Unchecked because {@link io.dooor.core.port.Store} is
 * unchecked: a database failure is not something a caller of the control plane can correct.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the store failed. */
  public enum Reason {
    /** The database could not be opened, reached or written. */
    UNAVAILABLE,
    /** Schema migration failed. */
    MIGRATION_FAILED,
    /** The transaction kept conflicting with others (busy / serialization failure) and gave up. */
    RETRIES_EXHAUSTED,
    /** A stored row does not decode into a valid record. */
    CORRUPT_ROW,
    /** A value cannot be stored (e.g. out of the representable range). */
    UNSTORABLE_VALUE
  }

  private final Reason reason;

  public StoreException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

package io.dooor.audit;

/**
 * A witness's refusal to cosign (C2SP tlog-witness, "add-checkpoint"), with the reason the spec
 * distinguishes; the witness's HTTP edge maps each reason to the status the spec gives.
 */
public final class WitnessException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the witness refused. */
  public enum Reason {
    /** The request body is not old size, proof lines, blank line, signed note (400). */
    MALFORMED_REQUEST,
    /** The checkpoint's origin is not a log this witness follows (404). */
    UNKNOWN_LOG,
    /** No signature on the checkpoint verifies under the log's trusted key (403). */
    NOT_SIGNED_BY_LOG,
    /** The old size exceeds the checkpoint's size (400). */
    OLD_SIZE_TOO_LARGE,
    /** The old size is not the size of the latest checkpoint cosigned for this log (409). */
    OLD_SIZE_MISMATCH,
    /** Same size as the latest cosigned checkpoint, another root hash: a fork (409). */
    ROOT_MISMATCH,
    /** The consistency proof from the latest cosigned checkpoint does not verify (422). */
    INCONSISTENT,
    /** The witness's own state could not be read or persisted (500). */
    STATE
  }

  private final Reason reason;
  private final long latestSize;

  public WitnessException(Reason reason, String message) {
    this(reason, message, -1, null);
  }

  public WitnessException(Reason reason, String message, long latestSize, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.latestSize = latestSize;
  }

  public Reason reason() {
    return reason;
  }

  /** The size of the latest cosigned checkpoint of the log, for OLD_SIZE_MISMATCH; else -1. */
  public long latestSize() {
    return latestSize;
  }
}

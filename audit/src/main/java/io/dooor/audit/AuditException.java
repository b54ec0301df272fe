package io.dooor.audit;

/** A checked failure of the audit log: malformed input, a failed verification, or storage. */
public final class AuditException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why it failed; stable names, mapped to problem codes by the server. */
  public enum Reason {
    /** A hash is not 32 bytes. */
    MALFORMED_HASH,
    /** A proof has the wrong number of hashes for its index and sizes (RFC 9162 §2.1.3.2). */
    PROOF_SIZE_MISMATCH,
    /** A leaf index is negative or not below the tree size. */
    INDEX_OUT_OF_RANGE,
    /** The first tree size of a consistency proof exceeds the second, or a size is negative. */
    TREE_SIZE_ORDER,
    /** A recomputed root differs from the expected root. */
    ROOT_MISMATCH,
    /** A signed note has no valid signature by the expected key. */
    SIGNATURE_INVALID,
    /** A signed note or its signature lines are malformed (C2SP signed-note). */
    MALFORMED_NOTE,
    /** A checkpoint body is malformed (C2SP tlog-checkpoint). */
    MALFORMED_CHECKPOINT,
    /** The checkpoint's origin is not the key's name. */
    ORIGIN_MISMATCH,
    /** A verifier or signer key string is malformed. */
    MALFORMED_KEY,
    /** An entry's canonical encoding is malformed. */
    MALFORMED_ENTRY,
    /** An entry's schema version is not supported. */
    UNSUPPORTED_VERSION,
    /** A proof's wire form is malformed. */
    MALFORMED_PROOF,
    /** A tile, entry bundle or tile path is malformed (C2SP tlog-tiles). */
    MALFORMED_TILE,
    /** An entry's sequence number is not its position in the log. */
    SEQUENCE_MISMATCH,
    /** An entry the log should hold is missing. */
    ENTRY_MISSING,
    /** An entry's leaf hash differs from the hash the signed tree commits to. */
    ENTRY_MISMATCH,
    /** The requested range or size is not (yet) in the log. */
    NOT_FOUND,
    /** The storage failed. */
    STORAGE,
    /** A checkpoint carries fewer valid witness cosignatures than the quorum (tlog-cosignature). */
    QUORUM_NOT_REACHED
  }

  private final Reason reason;
  private final long position;

  public AuditException(Reason reason, String message) {
    this(reason, -1, message, null);
  }

  public AuditException(Reason reason, String message, Throwable cause) {
    this(reason, -1, message, cause);
  }

  /** A failure that concerns the entry at {@code position} of the log. */
  public AuditException(Reason reason, long position, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.position = position;
  }

  public Reason reason() {
    return reason;
  }

  /** The log position the failure concerns, or -1 when it concerns none in particular. */
  public long position() {
    return position;
  }

  @Override
  public String getMessage() {
    String base = reason + ": " + super.getMessage();
    return position < 0 ? base : base + " (entry " + position + ")";
  }
}

package io.dooor.audit;

import io.dooor.common.Bytes;

/** An entry proven to be in a signed checkpoint's tree at position {@code entry.seq()}. */
public final class VerifiedEntry {
  private final AuditEntry entry;
  private final Bytes encoded;
  private final VerifiedCheckpoint checkpoint;

  /**
   * Package-private: only {@link AuditVerifier} (same package) makes one, after its checks passed.
   *
   * @param entry the decoded entry
   * @param encoded its canonical encoding (the leaf data)
   * @param checkpoint the checkpoint it is included in
   */
  VerifiedEntry(AuditEntry entry, Bytes encoded, VerifiedCheckpoint checkpoint) {
    this.entry = entry;
    this.encoded = encoded;
    this.checkpoint = checkpoint;
  }

  public AuditEntry entry() {
    return entry;
  }

  public Bytes encoded() {
    return encoded;
  }

  public VerifiedCheckpoint checkpoint() {
    return checkpoint;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedEntry o
        && java.util.Objects.equals(entry, o.entry)
        && java.util.Objects.equals(encoded, o.encoded)
        && java.util.Objects.equals(checkpoint, o.checkpoint);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(entry, encoded, checkpoint);
  }

  @Override
  public String toString() {
    return "VerifiedEntry[entry="
        + entry
        + ", encoded="
        + encoded
        + ", checkpoint="
        + checkpoint
        + "]";
  }
}

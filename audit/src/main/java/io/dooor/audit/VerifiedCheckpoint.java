package io.dooor.audit;

/**
 * A checkpoint whose signed note carries a valid Ed25519 signature by {@code key} and whose origin
 * is the key's name. Only {@link AuditVerifier} creates these.
 */
public final class VerifiedCheckpoint {
  private final Checkpoint checkpoint;
  private final String note;
  private final VerifierKey key;

  /**
   * Package-private: only {@link AuditVerifier} (same package) makes one, after its checks passed.
   *
   * @param checkpoint the parsed body
   * @param note the full signed note as received
   * @param key the key that signed it
   */
  VerifiedCheckpoint(Checkpoint checkpoint, String note, VerifierKey key) {
    this.checkpoint = checkpoint;
    this.note = note;
    this.key = key;
  }

  public Checkpoint checkpoint() {
    return checkpoint;
  }

  public String note() {
    return note;
  }

  public VerifierKey key() {
    return key;
  }

  public long size() {
    return checkpoint.size();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedCheckpoint o
        && java.util.Objects.equals(checkpoint, o.checkpoint)
        && java.util.Objects.equals(note, o.note)
        && java.util.Objects.equals(key, o.key);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(checkpoint, note, key);
  }

  @Override
  public String toString() {
    return "VerifiedCheckpoint[checkpoint=" + checkpoint + ", note=" + note + ", key=" + key + "]";
  }
}

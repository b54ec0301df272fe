package io.dooor.audit;

/**
 * A checkpoint whose signed note carries a valid Ed25519 signature by {@code key} and whose origin
 * is the key's name. Only {@link AuditVerifier} creates these.
 *
 * @param checkpoint the parsed body
 * @param note the full signed note as received
 * @param key the key that signed it
 */
public record VerifiedCheckpoint(Checkpoint checkpoint, String note, VerifierKey key) {
  public long size() {
    return checkpoint.size();
  }
}

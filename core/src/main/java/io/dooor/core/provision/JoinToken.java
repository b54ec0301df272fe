package io.dooor.core.provision;

import io.dooor.common.Bytes;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A one-time join token's record (issue 14): only its SHA-256 is stored, never the token. It names
 * the machine (and so the node id) it was minted for; it is used at most once, before it expires.
 * It admits nothing by itself: the node it names still becomes ACTIVE only by attesting.
 *
 * @param digest SHA-256 of the token bytes
 * @param machineId the machine (node id) it was minted for
 * @param workload that machine's workload
 * @param expiresAt when it stops being accepted
 * @param usedAt when it was redeemed, or null
 */
public record JoinToken(
    Bytes digest, String machineId, String workload, Instant expiresAt, Instant usedAt) {
  public JoinToken {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (digest.length() != 32) {
      throw new IllegalArgumentException("join token digest must be 32 bytes");
    }
  }

  public Optional<Instant> used() {
    return Optional.ofNullable(usedAt);
  }

  public JoinToken usedAt(Instant at) {
    return new JoinToken(digest, machineId, workload, expiresAt, at);
  }
}

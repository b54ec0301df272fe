package io.dooor.core;

import java.time.Instant;

/**
 * Who may repair a blob, until when, with a fencing token: every new holder gets a larger token,
 * and a placement change is accepted only with the current one, so a holder that lost its lease
 * (paused, partitioned) cannot overwrite a newer holder's work.
 */
public record BlobLease(String owner, long token, Instant until) {
  /** No lease ever taken. */
  public static final BlobLease NONE = new BlobLease("", 0, Instant.EPOCH);

  public BlobLease {
    if (token < 0 || owner.length() > 128) {
      throw new IllegalArgumentException("lease token negative or owner too long");
    }
  }

  /** Whether {@code who} may take the lease at {@code now} (free, expired or already its own). */
  public boolean availableTo(String who, Instant now) {
    return owner.isEmpty() || owner.equals(who) || !now.isBefore(until);
  }
}

package io.dooor.store.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's clock for nonce expiry, and a throttle so that expired nonces are purged at most once
 * per interval instead of on every request.
 */
public final class NoncePurge {
  private final Clock clock;
  private final long intervalMillis;
  private final AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE);

  public NoncePurge(Clock clock, Duration interval) {
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  Instant now() {
    return clock.instant();
  }

  /** Whether a purge is due at {@code now}; if so, records it as done. */
  boolean due(Instant now) {
    long ms = now.toEpochMilli();
    long last = lastPurge.get();
    return (last == Long.MIN_VALUE || ms - last >= intervalMillis)
        && lastPurge.compareAndSet(last, ms);
  }
}

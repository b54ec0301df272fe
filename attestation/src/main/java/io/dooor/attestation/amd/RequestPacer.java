package io.dooor.attestation.amd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces outbound requests at least {@code interval} apart across all threads. A caller that would
 * wait longer than {@code maxWait} is refused instead of queued.
 */
final class RequestPacer {
  private final Clock clock;
  private final Duration interval;
  private final Duration maxWait;
  private Instant next = Instant.MIN;

  RequestPacer(Clock clock, Duration interval, Duration maxWait) {
    this.clock = clock;
    this.interval = interval;
    this.maxWait = maxWait;
  }

  /** Reserves the next slot; returns how long to sleep before using it, or -1 if too long. */
  synchronized long reserveMillis() {
    Instant now = clock.instant();
    Instant slot = next.isAfter(now) ? next : now;
    Duration wait = Duration.between(now, slot);
    if (wait.compareTo(maxWait) > 0) {
      return -1;
    }
    next = slot.plus(interval);
    return wait.toMillis();
  }
}

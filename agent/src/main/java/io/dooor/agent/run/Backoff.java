package io.dooor.agent.run;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (each wait uniform in [0, min(max, base * 2^n)]), so that a
 * fleet cut off together does not come back in lockstep when the control plane returns.
 */
final class Backoff {
  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;
  private int failures;

  Backoff(Duration base, Duration max, RandomGenerator random) {
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** The wait after one more failure. */
  Duration next() {
    long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(failures, 20));
    failures++;
    return Duration.ofMillis(1 + random.nextLong(Math.max(1, ceiling)));
  }

  void reset() {
    failures = 0;
  }

  int failures() {
    return failures;
  }
}

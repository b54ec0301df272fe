package io.dooor.attestation.intel;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How fresh Intel collateral must be, and how sources refresh it. Explicit and configurable: a
 * hard-coded maximum age once took a whole fleet down when a vendor published late.
 *
 * @param grace how long after an item's nextUpdate it is still accepted (stale but signed and
 *     otherwise valid); zero is Intel's own rule
 * @param maxAge optional bound on the time since an item's issueDate; empty = no bound
 * @param refreshAhead an HTTP source refetches an item this long before its nextUpdate
 * @param minFetchInterval an HTTP source asks the vendor for one item at most once per interval
 *     (burst shielding; failures count too)
 */
public record CollateralFreshnessPolicy(
    Duration grace, Optional<Duration> maxAge, Duration refreshAhead, Duration minFetchInterval) {
  public CollateralFreshnessPolicy {
    for (Duration d : new Duration[] {grace, refreshAhead, minFetchInterval}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative: " + d);
      }
    }
    maxAge.ifPresent(
        d -> {
          if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + d);
          }
        });
  }

  /** Intel's rule (no grace, no age bound); refresh 1 h ahead; at most one fetch per 10 s. */
  public static CollateralFreshnessPolicy defaults() {
    return new CollateralFreshnessPolicy(
        Duration.ZERO, Optional.empty(), Duration.ofHours(1), Duration.ofSeconds(10));
  }

  /**
   * Whether an item issued at {@code issued}, next updated at {@code next}, is usable at {@code
   * at}.
   */
  public boolean accepts(Instant issued, Instant next, Instant at) {
    if (at.isBefore(issued) || at.isAfter(next.plus(grace))) {
      return false;
    }
    return maxAge.map(m -> !at.isAfter(issued.plus(m))).orElse(true);
  }

  /** Why {@link #accepts} refused, for messages. */
  public String explain(Instant issued, Instant next, Instant at) {
    return "issued "
        + issued
        + ", nextUpdate "
        + next
        + " (+grace "
        + grace
        + maxAge.map(m -> ", maxAge " + m).orElse("")
        + "), checked at "
        + at;
  }
}

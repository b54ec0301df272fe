package io.dooor.attestation.amd;

import java.time.Duration;

/**
 * How {@link KdsCollateralSource} treats AMD KDS. Defaults ({@link #defaults()}): at most one
 * request per 10 s (KDS throttles about that per IP), callers wait up to 30 s for a request slot,
 * certificate chains re-fetched after 24 h, CRLs re-fetched after 1 h or at their nextUpdate, a
 * stale CRL served for up to 7 days past nextUpdate when KDS cannot be reached (the verifier still
 * judges it at the verification instant), 404 answers remembered for 5 min, 10 s HTTP timeout.
 */
public record KdsPolicy(
    Duration minRequestInterval,
    Duration maxWait,
    Duration chainMaxAge,
    Duration crlRefreshAfter,
    Duration crlStaleGrace,
    Duration negativeTtl,
    Duration timeout) {
  public KdsPolicy {
    for (Duration d :
        new Duration[] {
          minRequestInterval,
          maxWait,
          chainMaxAge,
          crlRefreshAfter,
          crlStaleGrace,
          negativeTtl,
          timeout
        }) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative duration in KDS policy");
      }
    }
  }

  public static KdsPolicy defaults() {
    return new KdsPolicy(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofHours(24),
        Duration.ofHours(1),
        Duration.ofDays(7),
        Duration.ofMinutes(5),
        Duration.ofSeconds(10));
  }

  /** The same policy with another minimum interval between requests. */
  public KdsPolicy withMinRequestInterval(Duration d) {
    return new KdsPolicy(
        d, maxWait, chainMaxAge, crlRefreshAfter, crlStaleGrace, negativeTtl, timeout);
  }
}

package io.dooor.core.provision;

import java.time.Instant;
import java.util.Objects;

/**
 * A named lease with a fencing token (DESIGN §8): one holder at a time until it expires; each new
 * holder gets a larger token, and a write made under a lease checks that the token is still the
 * current one, so a holder that paused past its expiry cannot overwrite its successor's work.
 *
 * @param name what is leased ({@code reconcile:WORKLOAD})
 * @param holder who holds it (a replica id)
 * @param fencingToken increases with every change of holder
 * @param expiresAt when another may take it
 */
public record Lease(String name, String holder, long fencingToken, Instant expiresAt) {
  public Lease {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}

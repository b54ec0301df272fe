package io.dooor.provision;

import io.dooor.core.port.Store;
import io.dooor.core.provision.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Leases with fencing tokens (DESIGN §8) in the store's {@code provision_leases} table: taken or
 * renewed in one serializable transaction, so two replicas never hold one name at once; a new
 * holder gets a larger token, and {@link #check} (called inside each later write transaction)
 * refuses a holder whose lease was taken over.
 */
final class Leases {
  private final Store store;
  private final Clock clock;
  private final String holder;
  private final Duration ttl;

  Leases(Store store, Clock clock, String holder, Duration ttl) {
    this.store = store;
    this.clock = clock;
    this.holder = holder;
    this.ttl = ttl;
  }

  /** Takes or renews the lease; its fencing token, or empty if another holder's is live. */
  OptionalLong acquire(String name) {
    return store.inTransaction(
        tx -> {
          Instant now = clock.instant();
          Optional<Lease> current = tx.lease(name);
          if (current.isPresent()
              && !current.get().holder().equals(holder)
              && now.isBefore(current.get().expiresAt())) {
            return OptionalLong.empty();
          }
          long token =
              current
                  .map(l -> l.holder().equals(holder) ? l.fencingToken() : l.fencingToken() + 1)
                  .orElse(1L);
          tx.putLease(new Lease(name, holder, token, now.plus(ttl)));
          return OptionalLong.of(token);
        });
  }

  /** Inside a write transaction: refuses unless this holder still holds {@code token}. */
  void check(Store.Tx tx, String name, long token) {
    Optional<Lease> l = tx.lease(name);
    if (l.isEmpty() || !l.get().holder().equals(holder) || l.get().fencingToken() != token) {
      throw new LeaseLostException("lease " + name + " is no longer held with token " + token);
    }
  }

  String holder() {
    return holder;
  }
}

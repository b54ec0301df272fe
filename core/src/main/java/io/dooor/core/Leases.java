package io.dooor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Leases of background duties among replicas sharing one store (DESIGN §8, issue 15). Taking or
 * renewing a lease is one write transaction; a lease passing to another holder (a new fencing
 * token) is recorded as a {@code lease.take} event in that transaction (renewals are not: they
 * change nothing but the expiry). Each duty's writes check the lease in their own transaction
 * ({@link AuditedTx#requireLease}), so a holder that lost it acts no more.
 */
final class Leases {
  static final String TAKE = "lease.take";

  private final Recorder recorder;

  Leases(Recorder recorder) {
    this.recorder = recorder;
  }

  Optional<Lease> acquire(String duty, String holder, Duration ttl) throws ControlPlaneException {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease time must be positive");
    }
    Instant now = recorder.now();
    return recorder.run(
        Caller.system(), TAKE, "duty:" + duty, tx -> tx.acquireLease(duty, holder, now, ttl));
  }

  /** {@link #acquire} for every duty in one transaction: the leases held after it, by duty. */
  Map<String, Lease> acquireAll(java.util.Collection<String> duties, String holder, Duration ttl)
      throws ControlPlaneException {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease time must be positive");
    }
    if (duties.isEmpty()) {
      return Map.of();
    }
    Instant now = recorder.now();
    return recorder.run(
        Caller.system(),
        TAKE,
        "duties",
        tx -> {
          Map<String, Lease> held = new java.util.HashMap<>();
          for (String duty : duties) {
            tx.acquireLease(duty, holder, now, ttl).ifPresent(l -> held.put(duty, l));
          }
          return held;
        });
  }

  /** The record of a new holding (another holder, or the first), for {@link AuditedTx}. */
  static Map<String, String> taken(Lease lease, Optional<Lease> before) {
    return Map.of(
        "holder", lease.holder(),
        "token", Long.toString(lease.token()),
        "previous_holder", before.map(Lease::holder).orElse(""),
        "expires_at", lease.expiresAt().toString());
  }
}

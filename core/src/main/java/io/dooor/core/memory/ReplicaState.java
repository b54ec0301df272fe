package io.dooor.core.memory;

import io.dooor.common.Bytes;
import io.dooor.core.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What an {@link InMemoryStore} holds for replicas (issue 15): leases and the identity. */
final class ReplicaState {
  private final Map<String, Lease> leases;
  private final Map<String, Bytes> identity;

  private ReplicaState(Map<String, Lease> leases, Map<String, Bytes> identity) {
    this.leases = leases;
    this.identity = identity;
  }

  static ReplicaState empty() {
    return new ReplicaState(new TreeMap<>(), new TreeMap<>());
  }

  ReplicaState copy() {
    return new ReplicaState(new TreeMap<>(leases), new TreeMap<>(identity));
  }

  List<Lease> leases() {
    return List.copyOf(leases.values());
  }

  Optional<Lease> lease(String duty) {
    return Optional.ofNullable(leases.get(duty));
  }

  Optional<Bytes> identity(String name) {
    return Optional.ofNullable(identity.get(name));
  }

  Bytes createIdentity(String name, Bytes value) {
    return identity.computeIfAbsent(name, n -> value);
  }

  Optional<Lease> acquire(String duty, String holder, Instant now, Duration ttl) {
    Lease last = leases.get(duty);
    Instant until = now.plus(ttl);
    Lease next;
    if (last == null) {
      next = new Lease(duty, holder, 1, until);
    } else if (last.holder().equals(holder)) {
      next = new Lease(duty, holder, last.token(), until);
    } else if (!last.heldAt(now)) {
      next = new Lease(duty, holder, last.token() + 1, until);
    } else {
      return Optional.empty();
    }
    leases.put(duty, next);
    return Optional.of(next);
  }

  boolean holds(Lease lease, Instant now) {
    Lease last = leases.get(lease.duty());
    return last != null && last.sameHolding(lease) && last.heldAt(now);
  }
}

package io.dooor.agent.run;

import io.dooor.client.Dto;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the agent attests again: a lead before the attestation expires of the smaller of the
 * configured margin and a third of the TTL, plus one heartbeat interval, so that a heartbeat late
 * by a whole interval still attests in time.
 */
final class Schedule {
  private Schedule() {}

  /** When the node should next attest, from what the control plane answered. */
  static Optional<Instant> nextAttestation(Dto.NodeView view, AgentConfig config) {
    Optional<Instant> attested = instant(view.attestedAt());
    Optional<Instant> expires = instant(view.attestationExpiresAt());
    if (attested.isEmpty() || expires.isEmpty()) {
      return Optional.empty();
    }
    Duration ttl = Duration.between(attested.get(), expires.get());
    Duration lead = min(config.reattestMargin(), ttl.dividedBy(3));
    return Optional.of(expires.get().minus(lead).minus(config.heartbeatInterval()));
  }

  /** Whether the node is due to attest again at {@code now} (always when the time is unknown). */
  static boolean due(Dto.NodeView view, Instant now, AgentConfig config) {
    return nextAttestation(view, config).map(t -> !now.isBefore(t)).orElse(true);
  }

  /** {@code interval} ±10%, so that agents started together do not beat together. */
  static Duration jittered(Duration interval) {
    long ms = interval.toMillis();
    long spread = ms / 10;
    return Duration.ofMillis(
        Math.max(1, ms - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Optional<Instant> instant(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

package io.dooor.core;

import io.dooor.common.Bytes;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded state change or refused request. Written in the same transaction as the change; the
 * audit module turns the sequence into a verifiable log. Never carries key material or plaintext.
 * Built only within the limits of an audit entry ({@link EventLimits}), so an event that reaches a
 * store transaction always fits the log.
 *
 * @param seq position in the log, assigned by the store (-1 before it is appended)
 * @param time when it happened
 * @param actor who asked
 * @param action what was asked, e.g. "node.register"
 * @param subject what it was about, e.g. "node:n1"
 * @param requestDigest SHA-256 of the request body, or empty
 * @param outcome whether it was done
 * @param reason why it was refused, or a short description
 * @param details small facts about the change (no secrets)
 * @throws IllegalArgumentException if a field breaks a limit of {@link EventLimits}
 */
public record Event(
    long seq,
    Instant time,
    Principal actor,
    String action,
    String subject,
    Bytes requestDigest,
    Outcome outcome,
    String reason,
    Map<String, String> details) {

  /** Whether the request was carried out. */
  public enum Outcome {
    OK,
    REFUSED
  }

  public Event {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(outcome, "outcome");
    if (seq < -1) {
      throw new IllegalArgumentException("sequence number " + seq + " is negative");
    }
    details = Map.copyOf(details);
    EventLimits.check(action, subject, requestDigest, reason, details);
  }

  public Event withSeq(long assigned) {
    return new Event(
        assigned, time, actor, action, subject, requestDigest, outcome, reason, details);
  }
}

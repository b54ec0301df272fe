package io.dooor.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A replica's hold on one background duty (DESIGN §8, issue 15), with its fencing token: the token
 * grows each time the duty passes to another holder, and every write the duty makes checks, in the
 * same transaction, that this holder still holds this token unexpired. A replica paused past its
 * lease (GC, SIGSTOP) therefore cannot act on it when it wakes: its token is stale.
 *
 * @param duty the duty's name, e.g. {@code sweep}
 * @param holder the replica that holds it
 * @param token the fencing token, from 1, increasing with each new holder
 * @param expiresAt until when it is held unless renewed (kept to the millisecond, as stored)
 */
public record Lease(String duty, String holder, long token, Instant expiresAt) {
  /** The longest duty or holder name. */
  public static final int MAX_NAME = 128;

  public Lease {
    expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(ChronoUnit.MILLIS);
    checkName("duty", duty);
    checkName("holder", holder);
    if (token < 1) {
      throw new IllegalArgumentException("fencing token " + token + " is not positive");
    }
  }

  /** Whether it is still held at {@code now}. */
  public boolean heldAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** Whether {@code other} is the same holding (duty, holder and token), whatever its expiry. */
  public boolean sameHolding(Lease other) {
    return duty.equals(other.duty) && holder.equals(other.holder) && token == other.token;
  }

  private static void checkName(String what, String name) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException(what + " name must be 1 to " + MAX_NAME + " characters");
    }
  }
}

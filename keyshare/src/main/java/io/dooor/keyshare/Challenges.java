package io.dooor.keyshare;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Reason;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A holder's outstanding challenges for the control plane's evidence: each fresh (32 random bytes),
 * used once, valid {@link HolderAttestationWire#CHALLENGE_TTL_SECONDS}; at most {@link #MAX} kept
 * (the oldest dropped), so that a control plane asking without answering cannot grow the holder's
 * memory. Thread-safe.
 */
final class Challenges {
  /** Most challenges kept at once. */
  static final int MAX = 64;

  private static final Duration TTL =
      Duration.ofSeconds(HolderAttestationWire.CHALLENGE_TTL_SECONDS);

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<Bytes, Instant> issued = new LinkedHashMap<>();

  Challenges(Clock clock) {
    this.clock = clock;
  }

  /** A fresh challenge. */
  synchronized Bytes issue() {
    byte[] n = new byte[HolderAttestationWire.NONCE_LENGTH];
    random.nextBytes(n);
    Bytes nonce = Bytes.of(n);
    issued.put(nonce, clock.instant().plus(TTL));
    Iterator<Bytes> oldest = issued.keySet().iterator();
    while (issued.size() > MAX) {
      oldest.next();
      oldest.remove();
    }
    return nonce;
  }

  /**
   * Uses up {@code challenge}.
   *
   * @throws ControlPlaneException CHALLENGE_MISSING if it was never issued (or used already),
   *     CHALLENGE_EXPIRED if it has expired
   */
  synchronized void consume(Bytes challenge) throws ControlPlaneException {
    Instant until = issued.remove(challenge);
    if (until == null) {
      throw new ControlPlaneException(
          Reason.CHALLENGE_MISSING,
          "challenge_hex is not an outstanding challenge of this holder (never issued, used, or"
              + " dropped)",
          List.of("challenge"));
    }
    if (!clock.instant().isBefore(until)) {
      throw new ControlPlaneException(
          Reason.CHALLENGE_EXPIRED, "challenge expired at " + until, List.of("challenge"));
    }
  }
}

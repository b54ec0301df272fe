package io.dooor.client.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A bounded in-memory {@link NonceRegistry} for one process. Entries are dropped once expired; when
 * {@code capacity} unexpired entries are held, new nonces are refused (fail closed) rather than
 * forgetting live ones, which would re-open them to replay. Its memory begins when it is created
 * (to the second), and requests created before then are refused by the verifier; a process that
 * starts takes one through {@link #fresh}, which begins at a second no earlier process served, so
 * that nothing signed before a restart is accepted after it. Thread-safe.
 */
public final class InMemoryNonceRegistry implements NonceRegistry {
  /** Room for 10,000 requests a second over a 60 s window, plus headroom. */
  public static final int DEFAULT_CAPACITY = 1_000_000;

  private record Entry(String key, Instant expiresAt) {}

  private final Clock clock;
  private final int capacity;
  private final Instant since;
  private final Map<String, Instant> live = new HashMap<>();
  private final PriorityQueue<Entry> byExpiry =
      new PriorityQueue<>((a, b) -> a.expiresAt().compareTo(b.expiresAt()));

  public InMemoryNonceRegistry(Clock clock) {
    this(clock, DEFAULT_CAPACITY);
  }

  public InMemoryNonceRegistry(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.clock = clock;
    this.capacity = capacity;
    this.since = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /**
   * A registry for a process that has just started: its memory begins at a whole second that no
   * earlier process can have served. Requests carry their creation time in whole seconds, so memory
   * begun within the second of a crash would accept a request the crashed process served in that
   * second. On the system clock this waits out the rest of the current second first (at most 1 s of
   * start-up); a test's fixed clock does not move, and is not waited on.
   */
  public static InMemoryNonceRegistry fresh(Clock clock) {
    if (clock.equals(Clock.system(clock.getZone()))) {
      long rest = 1000 - Math.floorMod(clock.millis(), 1000L);
      try {
        Thread.sleep(rest + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new InMemoryNonceRegistry(clock);
  }

  @Override
  public Instant rememberedSince() {
    return since;
  }

  @Override
  public synchronized boolean firstUse(String keyId, String nonce, Instant expiresAt) {
    Instant now = clock.instant();
    purgeExpired(now);
    String key = keyId + '\n' + nonce;
    if (live.containsKey(key) || live.size() >= capacity) {
      return false;
    }
    if (!expiresAt.isAfter(now)) {
      return true; // already outside any window: nothing to remember
    }
    live.put(key, expiresAt);
    byExpiry.add(new Entry(key, expiresAt));
    return true;
  }

  /** The number of unexpired nonces held. */
  public synchronized int size() {
    purgeExpired(clock.instant());
    return live.size();
  }

  private void purgeExpired(Instant now) {
    while (!byExpiry.isEmpty() && !byExpiry.peek().expiresAt().isAfter(now)) {
      live.remove(byExpiry.poll().key());
    }
  }
}

package io.dooor.server.internal;

import io.dooor.core.Event;
import io.dooor.core.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bound on signed refusals of callers that hold no role (a stranger's key, a node): anyone can
 * make a key pair and sign requests that are refused, so an entry each would let them grow the
 * permanent record without limit. In each window of {@code length} (opened by the first signed
 * refusal, closed {@code length} later), a principal's first {@link #PER_PRINCIPAL} refusals get an
 * entry each ({@link #admit}) and the rest are counted ({@link #count}) in one {@link #ACTION}
 * summary by that principal; at most {@link #PRINCIPALS} principals are followed apart per window,
 * and the counted refusals of any other (fresh keys are free) go to one summary by the anonymous
 * principal. A window thus costs at most {@code PER_PRINCIPAL * PRINCIPALS + PRINCIPALS + 1}
 * entries, however many requests. Only refusals are bounded: no request is refused or slowed for
 * it. Thread-safe.
 */
final class NoRoleRefusals {
  /** The action of a summary of counted refusals. */
  static final String ACTION = "http.refused_no_role";

  /** Refusals of one principal recorded one by one per window. */
  static final int PER_PRINCIPAL = 5;

  /** Principals followed apart per window. */
  static final int PRINCIPALS = 16;

  private final Duration length;
  private Instant start;
  private final Map<Principal, Integer> recorded = new HashMap<>();
  private final Map<Principal, RefusalWindow> counted = new LinkedHashMap<>();
  private final List<Event> closed = new ArrayList<>();
  private RefusalWindow others;

  NoRoleRefusals(Duration length) {
    this.length = length;
  }

  /**
   * Whether a signed refusal of {@code p} at {@code now} may have an entry of its own: one of the
   * first {@link #PER_PRINCIPAL} of a followed principal in this window. Callers check the
   * principal's roles only when this says no (role holders are always recorded).
   */
  synchronized boolean admit(Principal p, Instant now) {
    if (start == null) {
      start = now;
    }
    if (!recorded.containsKey(p) && recorded.size() >= PRINCIPALS) {
      return false;
    }
    return recorded.merge(p, 1, Integer::sum) <= PER_PRINCIPAL;
  }

  /** Counts a refusal of {@code p} (holding no role) that got no entry of its own. */
  synchronized void count(Principal p, String code, String request, Instant now) {
    if (start == null) {
      start = now;
    }
    RefusalWindow w =
        counted.containsKey(p) || counted.size() < PRINCIPALS
            ? counted.computeIfAbsent(p, this::window)
            : others();
    w.count(code, request, now).ifPresent(closed::add);
  }

  /** Whether the open window has closed by {@code now}. */
  synchronized boolean due(Instant now) {
    return start != null && !now.isBefore(start.plus(length));
  }

  /** The summaries of the open window, which it closes (and so resets every principal's count). */
  synchronized List<Event> drain(Instant now) {
    List<Event> out = new ArrayList<>(closed);
    counted.values().forEach(w -> w.drain(now).ifPresent(out::add));
    Optional.ofNullable(others).flatMap(w -> w.drain(now)).ifPresent(out::add);
    closed.clear();
    counted.clear();
    recorded.clear();
    others = null;
    start = null;
    return out;
  }

  private RefusalWindow window(Principal p) {
    return new RefusalWindow(
        length,
        p,
        ACTION,
        "unprivileged: %d requests of this principal, which holds no role, beyond the "
            + PER_PRINCIPAL
            + " recorded one by one per window,");
  }

  private RefusalWindow others() {
    if (others == null) {
      others =
          new RefusalWindow(
              length,
              Principal.anonymous(),
              ACTION,
              "unprivileged: %d requests of principals holding no role, beyond the "
                  + PRINCIPALS
                  + " principals followed apart per window,");
    }
    return others;
  }
}

package io.dooor.server.internal;

import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.EventLimits;
import io.dooor.core.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Refusals counted per window instead of recorded one by one: anyone can send unsigned requests (or
 * sign them with a fresh key), and an entry (one fsync) each would let them grow the record and
 * load the disk for free. A window opens at its first refusal and closes {@code length} later; its
 * summary is one event (by default {@code http.unauthenticated}, by the anonymous principal) whose
 * details count the refusals per problem code and name the first and last request (bounded).
 * Thread-safe.
 */
final class RefusalWindow {
  /** The action of the summary of unauthenticated refusals. */
  static final String ACTION = "http.unauthenticated";

  /** Most distinct problem codes counted apart; the rest are counted as {@code refused.other}. */
  static final int MAX_CODES = 24;

  private final Duration length;
  private final Principal actor;
  private final String action;
  private final String what;
  private Instant start;
  private final Map<String, Long> counts = new TreeMap<>();
  private long total;
  private String first = "";
  private String last = "";

  /** A window of unauthenticated refusals. */
  RefusalWindow(Duration length) {
    this(length, Principal.anonymous(), ACTION, "unauthenticated: %d unauthenticated requests");
  }

  /**
   * A window whose summary is {@code action} by {@code actor}; {@code what} starts its reason, with
   * {@code %d} for the number of refusals.
   */
  RefusalWindow(Duration length, Principal actor, String action, String what) {
    this.length = length;
    this.actor = actor;
    this.action = action;
    this.what = what;
  }

  /**
   * Counts one refusal of {@code request} ("METHOD path") with problem {@code code} at {@code now};
   * returns the summary of the previous window if this refusal came after it closed.
   */
  synchronized Optional<Event> count(String code, String request, Instant now) {
    Optional<Event> closed = due(now) ? drain(now) : Optional.empty();
    if (start == null) {
      start = now;
      first = EventLimits.bound(request, EventLimits.MAX_DETAIL_VALUE);
    }
    String key = counts.containsKey(code) || counts.size() < MAX_CODES ? code : "other";
    counts.merge(key, 1L, Long::sum);
    total++;
    last = request;
    return closed;
  }

  /** Whether the open window has closed by {@code now}. */
  synchronized boolean due(Instant now) {
    return start != null && !now.isBefore(start.plus(length));
  }

  /** The summary of the open window, which it closes; empty if nothing was counted. */
  synchronized Optional<Event> drain(Instant now) {
    if (start == null) {
      return Optional.empty();
    }
    Event summary = summary(now);
    start = null;
    counts.clear();
    total = 0;
    first = "";
    last = "";
    return Optional.of(summary);
  }

  private Event summary(Instant now) {
    Map<String, String> details = new HashMap<>();
    counts.forEach((code, n) -> details.put("refused." + code, Long.toString(n)));
    details.put("requests", Long.toString(total));
    details.put("first", first);
    details.put("last", EventLimits.bound(last, EventLimits.MAX_DETAIL_VALUE));
    details.put("from", start.toString());
    return new Event(
        -1,
        now,
        actor,
        action,
        "window:" + start,
        Bytes.empty(),
        Event.Outcome.REFUSED,
        EventLimits.bound(
            what.replace("%d", Long.toString(total))
                + " refused from "
                + start
                + " to "
                + now
                + " (counts per problem code in details)",
            EventLimits.MAX_REASON),
        details);
  }
}

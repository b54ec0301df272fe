package io.dooor.keyshare;

import io.dooor.client.ApiProblem;
import io.dooor.core.Identifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key-share holder's record of the requests it refuses: its log (a holder keeps no audit log). A
 * refusal of the control plane's own signed request is logged one by one (it means a bug or a
 * misconfigured control plane). Every other refusal (unsigned, signed by another principal, not
 * parsed by Jetty) is counted per window, as the control plane counts unauthenticated refusals, and
 * logged as one line per window with the counts per problem code: anyone who reaches the port could
 * otherwise fill the log. Text from the request is logged escaped. Thread-safe.
 */
final class HolderRefusals {
  /** How long unauthenticated refusals are counted before their line is logged. */
  static final Duration WINDOW = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(HolderRefusals.class);

  private final int index;
  private final Clock clock;
  private final Consumer<String> log;
  private final Map<String, Long> counts = new TreeMap<>();
  private Instant start;
  private long total;

  /** Refusals of holder {@code index}, logged at WARN. */
  HolderRefusals(int index, Clock clock) {
    this(index, clock, LOG::warn);
  }

  /** Refusals of holder {@code index}, each line to {@code log}. */
  HolderRefusals(int index, Clock clock, Consumer<String> log) {
    this.index = index;
    this.clock = clock;
    this.log = log;
  }

  /** A refusal of the control plane's own (authenticated) request. */
  void authenticated(String method, String path, ApiProblem p) {
    log.accept(
        "holder "
            + index
            + " refused the control plane's "
            + method
            + " "
            + printable(path)
            + ": "
            + p.code()
            + " "
            + printable(p.getMessage()));
  }

  /** A refusal of a request nobody authenticated: counted in the open window. */
  synchronized void unauthenticated(String code) {
    Instant now = clock.instant();
    flushIfDue();
    if (start == null) {
      start = now;
    }
    counts.merge(code, 1L, Long::sum);
    total++;
  }

  /** Logs the open window if it has closed. */
  synchronized void flushIfDue() {
    if (start != null && !clock.instant().isBefore(start.plus(WINDOW))) {
      flush();
    }
  }

  /** Logs the open window, closed or not (at shutdown). */
  synchronized void flush() {
    if (start == null) {
      return;
    }
    log.accept(
        "holder "
            + index
            + " refused "
            + total
            + " unauthenticated requests from "
            + start
            + " to "
            + clock.instant()
            + ": "
            + counts);
    start = null;
    total = 0;
    counts.clear();
  }

  /** {@code text} with control and format characters as {@code \\uXXXX}, at most 200 chars. */
  static String printable(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints()
        .limit(200)
        .forEach(
            c -> {
              if (Identifiers.refused(c)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return text.length() > 200 ? b + "..." : b.toString();
  }
}

package io.dooor.server.internal;

import io.dooor.client.ApiProblem;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Refusal;
import io.dooor.core.Event;
import io.dooor.core.EventLimits;
import io.dooor.core.Principal;
import io.dooor.core.port.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that records refused requests (DESIGN §7), at the HTTP edge, in one vocabulary: the
 * action is the operation that was refused ({@code node.verify}, from {@link
 * ControlPlaneException#refusal()} or a route's {@link Routes#ABOUT}) or {@code http.<method>} for
 * a request refused before any operation; the reason is {@code <problem code>: <message>}, the code
 * the client got; subject, reason and details are bounded ({@link EventLimits#bound}: cut, with a
 * digest of the whole). Each refusal is one entry, appended in its own transaction (the refused
 * operation's rolled back) before the reply (if the store fails, the refusal is still answered and
 * the failure logged); unauthenticated refusals are counted per window instead ({@link
 * RefusalWindow}), and the open window's summary is flushed when it closes, with the next refusal
 * recorded here, and at {@link #close()}. Signed refusals of a principal holding no role are
 * bounded per principal per window ({@link NoRoleRefusals}): beyond the first few, they are counted
 * in a summary by that principal, written when the window closes or at {@link #close()}.
 */
public final class RefusalRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalRecorder.class);

  private final Store store;
  private final Clock clock;
  private final RefusalWindow window;
  private final NoRoleRefusals noRole;

  public RefusalRecorder(Store store, Clock clock, Duration window) {
    this.store = store;
    this.clock = clock;
    this.window = new RefusalWindow(window);
    this.noRole = new NoRoleRefusals(window);
  }

  /**
   * Records the refusal of a request as {@code problem}. {@code caller} is empty when the request
   * was not authenticated; {@code what} names the refused operation when one was reached.
   */
  public void refused(
      Optional<Caller> caller,
      String method,
      String path,
      ApiProblem problem,
      Optional<Refusal> what) {
    String request = method.toUpperCase(Locale.ROOT) + " " + path;
    Instant now = clock.instant();
    if (caller.isEmpty()) {
      window.count(problem.code(), request, now).ifPresent(this::write);
      return;
    }
    flushNoRoleIfDue(now);
    Principal who = caller.get().principal();
    if (!noRole.admit(who, now) && holdsNoRole(who)) {
      noRole.count(who, problem.code(), request, now);
      return;
    }
    Refusal refusal =
        what.orElseGet(
            () -> new Refusal("http." + method.toLowerCase(Locale.ROOT), path, Map.of()));
    write(event(caller.get(), refusal, problem));
  }

  /** Flushes the open windows that have closed by now (called periodically). */
  public void flushIfDue() {
    Instant now = clock.instant();
    if (window.due(now)) {
      window.drain(now).ifPresent(this::write);
    }
    flushNoRoleIfDue(now);
  }

  /** Flushes the open windows, closed or not (at shutdown). */
  @Override
  public void close() {
    Instant now = clock.instant();
    window.drain(now).ifPresent(this::write);
    noRole.drain(now).forEach(this::write);
  }

  private void flushNoRoleIfDue(Instant now) {
    if (noRole.due(now)) {
      noRole.drain(now).forEach(this::write);
    }
  }

  /**
   * Whether {@code p} holds no role (a stranger or a node); a store failure counts as holding one.
   */
  private boolean holdsNoRole(Principal p) {
    try {
      return store.roles(p).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Event event(Caller caller, Refusal r, ApiProblem p) {
    Map<String, String> details = new HashMap<>();
    r.details()
        .forEach(
            (k, v) ->
                details.put(
                    EventLimits.bound(k, EventLimits.MAX_DETAIL_KEY),
                    EventLimits.bound(v, EventLimits.MAX_DETAIL_VALUE)));
    if (p.field() != null && details.size() < EventLimits.MAX_DETAILS) {
      details.putIfAbsent("field", EventLimits.bound(p.field(), EventLimits.MAX_DETAIL_VALUE));
    }
    return new Event(
        -1,
        clock.instant(),
        caller.principal(),
        EventLimits.bound(r.action(), EventLimits.MAX_ACTION),
        EventLimits.bound(r.subject(), EventLimits.MAX_SUBJECT),
        caller.requestDigest(),
        Event.Outcome.REFUSED,
        EventLimits.bound(p.code() + ": " + p.getMessage(), EventLimits.MAX_REASON),
        details);
  }

  /** Appends {@code event}, after the open window's summary if there is one, in one transaction. */
  private void write(Event event) {
    List<Event> events = new ArrayList<>(2);
    if (!event.action().equals(RefusalWindow.ACTION)
        && !event.action().equals(NoRoleRefusals.ACTION)) {
      window.drain(clock.instant()).ifPresent(events::add);
    }
    events.add(event);
    try {
      store.inTransaction(
          tx -> {
            events.forEach(tx::append);
            return null;
          });
    } catch (RuntimeException e) {
      LOG.error("could not record {} refusal(s): {}", events.size(), e.toString());
    }
  }
}

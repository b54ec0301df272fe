package io.dooor.core;

import io.dooor.core.port.Store;
import java.time.Clock;
import java.util.Map;

/**
 * Runs operations so that each change commits with its event, and each refusal leaves with what was
 * refused ({@link ControlPlaneException#refusal()}): the HTTP edge records every refused request
 * once, in one vocabulary, in its own transaction (the refused one rolled back). Observations that
 * are not requests (a key-share holder's fault or recovery) are appended here, in their own
 * transaction.
 */
final class Recorder {
  private final Store store;
  private final Clock clock;

  Recorder(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A step inside a write transaction. */
  @FunctionalInterface
  interface Change<T> {
    T run(AuditedTx tx) throws ControlPlaneException;
  }

  /** A step over committed state. */
  @FunctionalInterface
  interface Read<T> {
    T run(View view) throws ControlPlaneException;
  }

  <T> T run(Caller caller, String action, String subject, Change<T> change)
      throws ControlPlaneException {
    try {
      return store.inTransaction(
          tx -> change.run(new AuditedTx(tx, caller, action, subject, clock)));
    } catch (ControlPlaneException e) {
      throw refused(caller, action, subject, e);
    }
  }

  <T> T read(Caller caller, String action, String subject, Read<T> read)
      throws ControlPlaneException {
    try {
      return read.run(new View(store));
    } catch (ControlPlaneException e) {
      throw refused(caller, action, subject, e);
    }
  }

  /** The control plane's clock, now. */
  java.time.Instant now() {
    return clock.instant();
  }

  /** Committed state, for checks made before a transaction (or instead of one). */
  View view() {
    return new View(store);
  }

  /**
   * Records an observation that changes no state but belongs in the record (e.g. a key-share holder
   * answering correctly again after a recorded fault), with outcome OK, in its own transaction.
   */
  void observed(Caller caller, String action, String subject, Map<String, String> details) {
    append(caller, action, subject, Event.Outcome.OK, "", details);
  }

  /** Names {@code e} as the refusal of {@code action} on {@code subject}; returns it to throw. */
  ControlPlaneException refused(
      Caller caller, String action, String subject, ControlPlaneException e) {
    return refused(caller, action, subject, e, Map.of());
  }

  /**
   * As {@link #refused(Caller, String, String, ControlPlaneException)}, with facts (no secrets).
   */
  ControlPlaneException refused(
      Caller caller,
      String action,
      String subject,
      ControlPlaneException e,
      Map<String, String> details) {
    return e.refusing(new ControlPlaneException.Refusal(action, subject, details));
  }

  /**
   * Records, now and in its own transaction, a fault observed outside any request (outcome
   * REFUSED), e.g. a key-share holder answering with an invalid share.
   */
  void fault(Caller caller, String action, String subject, String why) {
    append(caller, action, subject, Event.Outcome.REFUSED, why, Map.of());
  }

  /** Appends one event in its own transaction. */
  private void append(
      Caller caller,
      String action,
      String subject,
      Event.Outcome outcome,
      String reason,
      Map<String, String> details) {
    Event event =
        new Event(
            -1,
            clock.instant(),
            caller.principal(),
            action,
            subject,
            caller.requestDigest(),
            outcome,
            reason,
            details);
    store.inTransaction(
        tx -> {
          tx.appendAtCommit(event);
          return null;
        });
  }
}

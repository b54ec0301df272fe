package io.dooor.server;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the server schedules a background duty (sweep, audit rounds, flush, reconcile,
 * repair). A {@link ScheduledExecutorService} never runs a periodic task again once it has thrown,
 * silently; here whatever a round throws is logged with the duty's name (a checked failure as a
 * warning, an unchecked exception or an error such as OutOfMemoryError as an error), counted, and
 * the duty runs again at its next period.
 */
final class Periodic {
  private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

  /** One round of a duty; what it throws is logged and counted as a failed round. */
  interface Round {
    void run() throws Exception;
  }

  /** Where finished rounds are counted ({@link ControlPlaneMetrics#round}). */
  interface Rounds {
    Rounds NONE = (duty, ok, nanos) -> {};

    void finished(String duty, boolean ok, long nanos);
  }

  private Periodic() {}

  static void every(
      ScheduledExecutorService bg,
      String duty,
      long initialMillis,
      long periodMillis,
      Round round) {
    every(bg, duty, initialMillis, periodMillis, Rounds.NONE, round);
  }

  static void every(
      ScheduledExecutorService bg,
      String duty,
      long initialMillis,
      long periodMillis,
      Rounds rounds,
      Round round) {
    bg.scheduleWithFixedDelay(
        () -> run(duty, rounds, round), initialMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  static void run(String duty, Rounds rounds, Round round) {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      round.run();
      ok = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("background duty {} failed; it runs again at its next period", duty, e);
    } catch (Exception e) {
      LOG.warn("background duty {} failed: {}", duty, e.toString());
    } finally {
      rounds.finished(duty, ok, System.nanoTime() - start);
    }
  }
}

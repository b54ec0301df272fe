package io.dooor.server;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the server schedules a background duty (sweep, audit rounds, flush, reconcile,
 * repair). A {@link ScheduledExecutorService} never runs a periodic task again once it has thrown,
 * silently; here whatever a round throws (an unchecked exception, or an error such as
 * OutOfMemoryError) is logged with the duty's name, and the duty runs again at its next period.
 */
final class Periodic {
  private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

  private Periodic() {}

  static void every(
      ScheduledExecutorService bg,
      String duty,
      long initialMillis,
      long periodMillis,
      Runnable round) {
    bg.scheduleWithFixedDelay(
        () -> run(duty, round), initialMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  static void run(String duty, Runnable round) {
    try {
      round.run();
    } catch (RuntimeException | Error e) {
      LOG.error("background duty {} failed; it runs again at its next period", duty, e);
    }
  }
}

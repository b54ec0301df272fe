package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A background duty whose round throws (even an Error) runs again at its next period. */
class PeriodicTest {
  @Test
  void aRoundThatThrowsDoesNotEndTheDuty() throws InterruptedException {
    ScheduledExecutorService bg = Executors.newSingleThreadScheduledExecutor();
    try {
      AtomicInteger rounds = new AtomicInteger();
      CountDownLatch fourRounds = new CountDownLatch(4);
      Periodic.every(
          bg,
          "test",
          0,
          5,
          () -> {
            int n = rounds.incrementAndGet();
            fourRounds.countDown();
            if (n == 1) {
              throw new OutOfMemoryError("simulated: the repair of a large shard");
            }
            if (n == 2) {
              throw new IllegalStateException("simulated: an unchecked failure");
            }
          });
      assertThat(fourRounds.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(rounds.get()).isGreaterThanOrEqualTo(4);
    } finally {
      bg.shutdownNow();
    }
  }
}

package io.dooor.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void waitsGrowToTheCapWithFullJitterAndResetAfterSuccess() {
    long seed = System.nanoTime();
    Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), new Random(seed));
    long maxSeen = 0;
    for (int i = 0; i < 200; i++) {
      long ceiling = Math.min(30_000, 200L << Math.min(i, 20));
      long ms = b.next().toMillis();
      assertThat(ms).as("failure %d, seed %d", i, seed).isBetween(1L, ceiling);
      maxSeen = Math.max(maxSeen, ms);
    }
    assertThat(maxSeen).as("seed %d", seed).isGreaterThan(15_000);
    b.reset();
    assertThat(b.failures()).isZero();
    assertThat(b.next().toMillis()).isBetween(1L, 200L);
  }
}

package io.dooor.client.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryNonceRegistryTest {
  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
  private final TestClock clock = new TestClock(T0);

  @Test
  void firstUseOnlyOncePerKeyUntilExpiry() {
    InMemoryNonceRegistry r = new InMemoryNonceRegistry(clock);
    Instant exp = T0.plusSeconds(61);
    assertThat(r.firstUse("k1", "n", exp)).isTrue();
    assertThat(r.firstUse("k1", "n", exp)).isFalse();
    assertThat(r.firstUse("k2", "n", exp)).isTrue();
    assertThat(r.firstUse("k1", "n2", exp)).isTrue();
    clock.advance(Duration.ofSeconds(60));
    assertThat(r.firstUse("k1", "n", exp)).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(r.size()).isZero();
    assertThat(r.firstUse("k1", "n", T0.plusSeconds(122))).isTrue();
  }

  @Test
  void failsClosedWhenFullAndRecoversAsEntriesExpire() {
    InMemoryNonceRegistry r = new InMemoryNonceRegistry(clock, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(r.firstUse("k", "n" + i, T0.plusSeconds(10 + i))).isTrue();
    }
    assertThat(r.firstUse("k", "fresh", T0.plusSeconds(60))).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(r.firstUse("k", "fresh", T0.plusSeconds(60))).isTrue();
    assertThat(r.firstUse("k", "n1", T0.plusSeconds(60))).isFalse(); // still live
  }

  @Test
  void concurrentCallersGetExactlyOneFirstUse() throws Exception {
    InMemoryNonceRegistry r = new InMemoryNonceRegistry(clock);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 200; round++) {
        String nonce = "nonce-" + round;
        AtomicInteger wins = new AtomicInteger();
        Future<?>[] fs = new Future<?>[4];
        for (int t = 0; t < 4; t++) {
          fs[t] =
              pool.submit(
                  () -> {
                    if (r.firstUse("k", nonce, T0.plusSeconds(60))) {
                      wins.incrementAndGet();
                    }
                  });
        }
        for (Future<?> f : fs) {
          f.get();
        }
        assertThat(wins.get()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

package io.dooor.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One summary per window; counts per code that add up; never more details than an event holds. */
class RefusalWindowTest {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  void aWindowClosesOnTheFirstRefusalAfterItsLengthAndSummarisesItsCounts() {
    RefusalWindow w = new RefusalWindow(Duration.ofSeconds(10));
    assertThat(w.count("missing-signature", "GET /a", T0)).isEmpty();
    assertThat(w.count("stale", "GET /b", T0.plusSeconds(9))).isEmpty();
    assertThat(w.due(T0.plusSeconds(9))).isFalse();
    Optional<Event> closed = w.count("stale", "GET /c", T0.plusSeconds(10));
    assertThat(closed).isPresent();
    Event e = closed.get();
    assertThat(e.action()).isEqualTo("http.unauthenticated");
    assertThat(e.outcome()).isEqualTo(Event.Outcome.REFUSED);
    assertThat(e.details())
        .containsEntry("refused.missing-signature", "1")
        .containsEntry("refused.stale", "1")
        .containsEntry("requests", "2")
        .containsEntry("first", "GET /a")
        .containsEntry("last", "GET /b");
    assertThat(w.drain(T0.plusSeconds(11)).orElseThrow().details())
        .containsEntry("requests", "1")
        .containsEntry("first", "GET /c");
    assertThat(w.drain(T0.plusSeconds(12))).isEmpty();
  }

  @Test
  void codesBeyondTheLimitAreCountedAsOtherSoTheSummaryAlwaysFitsAnEvent() {
    RefusalWindow w = new RefusalWindow(Duration.ofSeconds(10));
    for (int i = 0; i < 100; i++) {
      w.count("code-" + i, "GET /x", T0);
    }
    Event e = w.drain(T0).orElseThrow();
    assertThat(e.details()).containsEntry("refused.other", "76").containsEntry("requests", "100");
    assertThat(e.details().size()).isLessThanOrEqualTo(32);
  }
}

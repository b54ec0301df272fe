package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.core.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A flood of unsigned requests over real HTTP costs a handful of entries, not one (and one fsync)
 * each: they are counted per {@link ControlPlaneServer#REFUSAL_WINDOW}, and each window's summary
 * is recorded when the next refusal comes after it closed, with the next authenticated refusal, on
 * the periodic flush, or at shutdown. The counts of the summaries add up to the requests sent.
 */
class UnauthenticatedFloodHttpTest extends RefusalHttpFixture {
  static final Duration PAST_WINDOW = ControlPlaneServer.REFUSAL_WINDOW.plusSeconds(1);

  @Test
  void fourThousandUnsignedRequestsCostTwoSummaryEntries() throws Exception {
    long before = events();
    flood(2500);
    assertThat(events()).as("nothing recorded while the window is open").isEqualTo(before);
    clock.advance(PAST_WINDOW);
    flood(1500);
    assertThat(events()).as("the next refusal recorded the closed window").isEqualTo(before + 1);
    restart();
    List<Event> summaries = eventsFrom(before);
    System.out.printf(
        "flood: %d unsigned requests -> %d entries%n", counted(summaries), summaries.size());
    assertThat(summaries).hasSize(2);
    assertThat(counted(summaries)).isEqualTo(4000);
  }

  @Test
  void theNextAuthenticatedRefusalAndThePeriodicFlushRecordTheOpenWindow() throws Exception {
    long before = events();
    flood(300);
    ApiClient stranger = new ApiClient(url, Identity.generate(), clock);
    try {
      stranger.getList("/v1/nodes", Dto.NodeView.class);
      throw new AssertionError("a stranger listed the nodes");
    } catch (ApiException e) {
      assertThat(e.code()).isEqualTo("forbidden");
    }
    List<Event> two = eventsFrom(before);
    assertThat(two).extracting(Event::action).containsExactly("http.unauthenticated", "node.list");
    assertThat(counted(two.subList(0, 1))).isEqualTo(300);
    assertThat(two.get(1).reason()).startsWith("forbidden: ");

    flood(7);
    clock.advance(PAST_WINDOW);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (events() == before + 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    List<Event> all = eventsFrom(before);
    assertThat(all).as("the periodic flush recorded the closed window").hasSize(3);
    assertThat(counted(List.of(all.get(0), all.get(2)))).isEqualTo(307);
  }
}

package io.dooor.keyshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A holder's log of refusals: a flood of unauthenticated requests is one line per window with the
 * counts; each refusal of the control plane's own request is a line; request text is escaped.
 */
class HolderRefusalsTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-06-01T00:00:00Z"));
  private final List<String> lines = new ArrayList<>();
  private final HolderRefusals refusals = new HolderRefusals(3, clock(), lines::add);

  @Test
  void aFloodOfUnauthenticatedRefusalsIsOneLinePerWindow() {
    for (int i = 0; i < 4000; i++) {
      refusals.unauthenticated(i % 2 == 0 ? "missing-signature" : "principal-not-allowed");
    }
    assertThat(lines).isEmpty();
    now.set(now.get().plus(HolderRefusals.WINDOW));
    refusals.flushIfDue();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .contains("holder 3 refused 4000 unauthenticated requests")
        .contains("missing-signature=2000", "principal-not-allowed=2000");
    refusals.unauthenticated("not-found");
    refusals.flush();
    assertThat(lines).hasSize(2);
    refusals.flush();
    assertThat(lines).hasSize(2);
  }

  @Test
  void eachRefusalOfTheControlPlaneIsALineWithTheRequestEscaped() {
    refusals.authenticated(
        "POST",
        "/v1/keyshare/derive\n#forged\u202e",
        new io.dooor.client.ApiProblem(400, "vetkd-invalid-encoding", "bad", "input", List.of()));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .contains("/v1/keyshare/derive\\u000a#forged\\u202e", "vetkd-invalid-encoding")
        .doesNotContain("\n", "\u202e");
  }

  private Clock clock() {
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
  }
}

package io.dooor.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.Dto;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import io.dooor.core.TeeType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void aLongTtlAttestsAgainTheMarginAndOneBeatBeforeExpiry() {
    Dto.NodeView v = view(T0, T0.plusSeconds(3600));
    AgentConfig c = config(Duration.ofSeconds(5), Duration.ofSeconds(30));
    assertThat(Schedule.nextAttestation(v, c)).contains(T0.plusSeconds(3600 - 30 - 5));
    assertThat(Schedule.due(v, T0.plusSeconds(3564), c)).isFalse();
    assertThat(Schedule.due(v, T0.plusSeconds(3565), c)).isTrue();
  }

  @Test
  void aShortTtlAttestsAgainAfterTwoThirdsLessOneBeat() {
    Dto.NodeView v = view(T0, T0.plusSeconds(60));
    AgentConfig c = config(Duration.ofSeconds(5), Duration.ofSeconds(30));
    assertThat(Schedule.nextAttestation(v, c)).contains(T0.plusSeconds(60 - 20 - 5));
  }

  @Test
  void aNodeNeverAttestedIsDueAtOnce() {
    assertThat(
            Schedule.due(
                view(null, null), T0, config(Duration.ofSeconds(5), Duration.ofSeconds(30))))
        .isTrue();
  }

  @RepeatedTest(50)
  void heartbeatsAreJitteredByAtMostTenPercent() {
    assertThat(Schedule.jittered(Duration.ofSeconds(5)).toMillis()).isBetween(4500L, 5500L);
  }

  private static Dto.NodeView view(Instant attested, Instant expires) {
    return new Dto.NodeView(
        "n",
        "ACTIVE",
        "sim",
        "w",
        "p",
        Map.of(),
        "NotApplicable",
        "x",
        T0.toString(),
        attested == null ? null : attested.toString(),
        expires == null ? null : expires.toString(),
        null,
        1,
        "");
  }

  static AgentConfig config(Duration heartbeat, Duration margin) {
    return new AgentConfig(
        URI.create("http://127.0.0.1:1"),
        NodeId.of("n"),
        "w",
        "sim",
        TeeType.SIM,
        "sim",
        Path.of("state"),
        heartbeat,
        margin,
        Duration.ofSeconds(30),
        Optional.empty(),
        Bytes.of(new byte[48]),
        Optional.empty());
  }
}

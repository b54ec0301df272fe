package io.dooor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An event is built within the audit entry's limits or not at all. */
class EventLimitsTest {
  static Event event(String action, String subject, String reason, Map<String, String> details) {
    return new Event(
        -1,
        Instant.EPOCH,
        Principal.anonymous(),
        action,
        subject,
        Bytes.empty(),
        Event.Outcome.REFUSED,
        reason,
        details);
  }

  @Test
  void fieldsAtTheLimitAreAcceptedAndOneByteMoreIsNot() {
    event(
        "a".repeat(128),
        "s".repeat(512),
        "r".repeat(2048),
        Map.of("k".repeat(64), "v".repeat(512)));
    assertThatThrownBy(() -> event("a".repeat(129), "", "", Map.of()))
        .hasMessageContaining("action is 129 bytes, at most 128");
    assertThatThrownBy(() -> event("a", "s".repeat(513), "", Map.of()))
        .hasMessageContaining("subject is 513 bytes");
    assertThatThrownBy(() -> event("a", "", "r".repeat(2049), Map.of()))
        .hasMessageContaining("reason is 2049 bytes");
    assertThatThrownBy(() -> event("a", "", "", Map.of("k", "v".repeat(513))))
        .hasMessageContaining("detail value is 513 bytes");
    assertThatThrownBy(() -> event("a", "", "", Map.of("k".repeat(65), "v")))
        .hasMessageContaining("detail key is 65 bytes");
  }

  @Test
  void limitsCountUtf8BytesAndRejectUnpairedSurrogatesAndTooManyDetails() {
    assertThatThrownBy(() -> event("a", "é".repeat(257), "", Map.of()))
        .hasMessageContaining("subject is 514 bytes");
    assertThatThrownBy(() -> event("a", "x\uD800", "", Map.of()))
        .hasMessageContaining("unpaired surrogate");
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 33; i++) {
      many.put("k" + i, "v");
    }
    assertThatThrownBy(() -> event("a", "", "", many)).hasMessageContaining("more than 32");
  }

  @Test
  void boundKeepsShortTextAndCutsLongTextWithADigestOfTheWhole() {
    assertThat(EventLimits.bound("/v1/nodes", 512)).isEqualTo("/v1/nodes");
    String a = "/".repeat(600);
    String b = "/".repeat(599) + "x";
    String boundA = EventLimits.bound(a, 512);
    assertThat(boundA.getBytes(StandardCharsets.UTF_8)).hasSize(512);
    assertThat(boundA).startsWith("/".repeat(100)).contains("...sha256:");
    assertThat(EventLimits.bound(b, 512)).isNotEqualTo(boundA);
    String wide = EventLimits.bound("€".repeat(70_000), 512);
    assertThat(wide.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
    assertThat(wide).doesNotContain("\uFFFD");
    assertThat(EventLimits.bound("x\uD800y", 512)).isEqualTo("x?y");
    event("a", EventLimits.bound("\uD83D\uDE00".repeat(1000), 512), "", Map.of());
  }
}

package io.dooor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.EventLimits;
import io.dooor.core.Principal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every event core lets be built fits an audit entry: one at every limit at once (multi-byte text
 * filling each field to its last byte, the most details) is appended to a real SQLite store and
 * read back whole, and one byte more cannot be built.
 */
class EventFitsAuditEntryTest {
  @TempDir Path dir;

  @Test
  void anEventAtEveryLimitIsAppendedAndReadBackWhole() {
    Map<String, String> details = new LinkedHashMap<>();
    for (int i = 0; i < EventLimits.MAX_DETAILS; i++) {
      String key = String.format("k%02d", i) + "é".repeat((EventLimits.MAX_DETAIL_KEY - 3) / 2);
      details.put(fill(key, EventLimits.MAX_DETAIL_KEY), fill("€", EventLimits.MAX_DETAIL_VALUE));
    }
    Event full =
        new Event(
            -1,
            Instant.parse("2026-12-07T12:00:00Z"),
            Principal.selfAuthenticating(Bytes.of(new byte[44])),
            fill("a", EventLimits.MAX_ACTION),
            fill("ü", EventLimits.MAX_SUBJECT),
            Bytes.of(new byte[EventLimits.MAX_DIGEST]),
            Event.Outcome.REFUSED,
            fill("😀", EventLimits.MAX_REASON),
            details);
    try (JdbcStore store = JdbcStore.sqlite(dir.resolve("limits.db"))) {
      long seq = store.inTransaction(tx -> tx.append(full));
      assertThat(store.events(seq, seq + 1)).containsExactly(full.withSeq(seq));
    }
  }

  @Test
  void oneByteMoreCannotBeBuilt() {
    assertThatThrownBy(() -> event(fill("ü", EventLimits.MAX_SUBJECT) + "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject");
  }

  private static Event event(String subject) {
    return new Event(
        -1,
        Instant.EPOCH,
        Principal.anonymous(),
        "a",
        subject,
        Bytes.empty(),
        Event.Outcome.OK,
        "",
        Map.of());
  }

  /** {@code unit} repeated to exactly {@code bytes} UTF-8 bytes (padded with ASCII). */
  private static String fill(String unit, int bytes) {
    StringBuilder b = new StringBuilder();
    while (utf8(b.toString() + unit) <= bytes) {
      b.append(unit);
    }
    while (utf8(b.toString()) < bytes) {
      b.append('z');
    }
    return b.toString();
  }

  private static int utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}

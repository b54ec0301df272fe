package io.dooor.attestation.intel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast path for collateral times decides exactly as {@link Instant#parse}: the same instant
 * where it answers, and no answer (so that Instant.parse decides) for anything else.
 */
class JsonInstantTest {
  @Test
  void everyDayOfSeveralYearsDecodesAsInstantParse() {
    int checked = 0;
    for (int year : new int[] {0, 1, 1970, 2000, 2024, 2025, 2100, 9999}) {
      for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
        String s =
            String.format(
                java.util.Locale.ROOT,
                "%04d-%02d-%02dT%02d:%02d:%02dZ",
                year,
                d.getMonthValue(),
                d.getDayOfMonth(),
                d.getDayOfMonth() % 24,
                (d.getDayOfYear() * 7) % 60,
                (d.getDayOfYear() * 13) % 60);
        assertThat(Json.secondsUtc(s)).as(s).isEqualTo(Instant.parse(s));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(2900);
  }

  @Test
  void anythingElseIsLeftToInstantParse() {
    List<String> odd =
        new ArrayList<>(
            List.of(
                "2025-02-29T00:00:00Z",
                "2024-02-30T00:00:00Z",
                "2025-04-31T00:00:00Z",
                "2025-13-01T00:00:00Z",
                "2025-00-01T00:00:00Z",
                "2025-01-00T00:00:00Z",
                "2025-01-01T24:00:00Z",
                "2025-01-01T23:60:00Z",
                "2025-01-01T23:59:60Z",
                "2025-01-01T23:59:59z",
                "2025-01-01t23:59:59Z",
                "2025-01-01T23:59:59.5Z",
                "2025-01-01T23:59:59+00:00",
                "+2025-01-01T23:59:5Z",
                "2025-1-01T23:59:590Z",
                "２025-01-01T23:59:59Z",
                "2025-01-01T23:59:5:Z",
                ""));
    for (String s : odd) {
      Instant fast = Json.secondsUtc(s);
      if (fast != null) {
        assertThat(fast).as(s).isEqualTo(Instant.parse(s));
        continue;
      }
      // no answer: Instant.parse decides (accepts or refuses) on its own
      try {
        Instant.parse(s);
      } catch (DateTimeParseException refused) {
        assertThat(refused).as(s).isNotNull();
      }
    }
    assertThat(Json.secondsUtc("2024-02-29T12:00:00Z"))
        .isEqualTo(Instant.parse("2024-02-29T12:00:00Z"));
    assertThat(Json.secondsUtc("2025-02-29T00:00:00Z")).isNull();
    assertThat(Json.secondsUtc("2025-01-01T23:59:60Z")).isNull();
  }
}

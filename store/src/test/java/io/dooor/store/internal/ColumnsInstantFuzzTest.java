package io.dooor.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The stored instants' reader ({@link Columns#instant(String)}) against {@link Instant#parse}: the
 * same instant for every text one of them reads, the same refusal for every other.
 */
class ColumnsInstantFuzzTest {
  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** Both read {@code text} to the same instant, or both refuse it. */
  private static void same(String text) {
    Instant expected;
    try {
      expected = Instant.parse(text);
    } catch (DateTimeException e) {
      assertThatThrownBy(() -> Columns.instant(text)).isInstanceOf(DateTimeException.class);
      return;
    }
    assertThat(Columns.instant(text)).as(text).isEqualTo(expected);
  }

  @FuzzTest(maxDuration = "30s")
  void arbitraryText(FuzzedDataProvider in) {
    same(in.consumeRemainingAsString());
  }

  @FuzzTest(maxDuration = "30s")
  void mutatedStoredInstants(FuzzedDataProvider in) {
    long seconds =
        in.consumeLong(Instant.EPOCH.getEpochSecond() - 62_000_000_000L, 253_402_300_799L);
    char[] text =
        Instant.ofEpochSecond(seconds, in.consumeInt(0, 999_999_999)).toString().toCharArray();
    int edits = in.consumeInt(0, 3);
    for (int i = 0; i < edits; i++) {
      text[in.consumeInt(0, text.length - 1)] = in.consumeChar();
    }
    same(new String(text, 0, in.consumeInt(0, text.length)));
  }

  @Test
  void everyStoredFormReadsBackExactly() {
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 0; i < 50_000; i++) {
      Instant t =
          Instant.ofEpochSecond(
              random.nextLong(-62_167_219_200L, LAST.getEpochSecond() + 1),
              switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
              });
      assertThat(Columns.instant(t.toString())).isEqualTo(t);
    }
  }

  @Test
  void edgesReadAsInstantParseReadsThem() {
    for (String text :
        List.of(
            "0000-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999999999Z",
            "2024-02-29T12:00:00Z",
            "2023-02-29T12:00:00Z",
            "1900-02-29T00:00:00Z",
            "2000-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-12-08T24:00:00Z",
            "2026-12-08T23:60:00Z",
            "2026-12-08T23:59:60Z",
            "2026-12-08T02:30:59.Z",
            "2026-12-08T02:30:59.1Z",
            "2026-12-08T02:30:59.1234567891Z",
            "2026-12-08T02:30:59.12345678Z",
            "2026-12-08T02:30:59z",
            "2026-12-08t02:30:59Z",
            "2026-12-08T02:30:59+00:00",
            "+10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "2026-12-08T02:30:5Z",
            "２026-12-08T02:30:59Z",
            "2026-12-08T02:30:-9Z",
            "")) {
      same(text);
    }
  }
}

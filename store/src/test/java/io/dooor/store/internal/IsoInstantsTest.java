package io.dooor.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written instant text agrees with {@link Instant#toString()} and {@link Instant#parse}.
 */
class IsoInstantsTest {
  private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  @Test
  void roundTripsRandomInstantsExactlyAsTheJdkDoes() {
    SplittableRandom random = new SplittableRandom(15);
    for (int i = 0; i < 50_000; i++) {
      long seconds =
          switch (i % 4) {
            case 0 -> random.nextLong(MIN - 1_000_000_000L, MAX + 1_000_000_000L);
            case 1 -> random.nextLong(0, 4_102_444_800L); // 1970-2100, what the store writes
            default -> random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
          };
      int nano =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant value = Instant.ofEpochSecond(seconds, nano);
      String text = IsoInstants.format(value);
      assertThat(text).isEqualTo(value.toString());
      assertThat(IsoInstants.parse(text)).isEqualTo(value);
    }
  }

  @Test
  void edgesOfTheFastPathAgreeWithTheJdk() {
    for (String text :
        new String[] {
          "0000-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999999999Z",
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999Z",
          "2024-02-29T12:00:00.1Z",
          "2026-12-08T02:15:00.12345678Z",
          "+10000-01-01T00:00:00Z",
          "-0001-12-31T23:59:59Z",
          "2026-12-08T02:15:00+01:00",
          "2026-12-08T02:15:00.Z",
        }) {
      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void refusesWhatTheJdkRefuses() {
    for (String text :
        new String[] {
          "2023-02-29T00:00:00Z",
          "2026-13-01T00:00:00Z",
          "2026-04-31T00:00:00Z",
          "2026-12-08T25:00:00Z",
          "2026-12-08T02:60:00Z",
          "2026-12-08T02:15:00.1234567890Z",
          "2026-12-08 02:15:00Z",
          "2026-12-08T02:15:0xZ",
          "2026-12-08T02:15:00",
          "",
        }) {
      assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
      assertThatThrownBy(() -> IsoInstants.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }
}

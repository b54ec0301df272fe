package io.dooor.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The stored instants' parser on arbitrary text (a stored column is untrusted bytes): it returns
 * exactly what {@link Instant#parse} returns, and refuses exactly what it refuses, with the same
 * exception type.
 */
class IsoInstantsFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void agreesWithTheJdk(byte[] data) {
    if (data == null) {
      return;
    }
    String raw = new String(data, StandardCharsets.ISO_8859_1);
    check(raw);
    // Mostly-well-formed text reaches deeper into the fast path than random bytes do.
    String template = "2026-12-08T02:15:00.123456789Z";
    StringBuilder mutated = new StringBuilder(template);
    for (int i = 0; i + 1 < data.length; i += 2) {
      int at = (data[i] & 0xff) % (mutated.length() + 1);
      char c = (char) ('+' + (data[i + 1] & 0xff) % 80);
      if (at == mutated.length() || (data[i] & 1) == 1) {
        mutated.insert(Math.min(at, mutated.length()), c);
      } else {
        mutated.setCharAt(at, c);
      }
    }
    check(mutated.toString());
    check(mutated.substring(0, Math.min(mutated.length(), data.length % 31)));
  }

  private static void check(String text) {
    Instant expected;
    try {
      expected = Instant.parse(text);
    } catch (DateTimeException refused) {
      try {
        IsoInstants.parse(text);
      } catch (DateTimeException alsoRefused) {
        assertThat(alsoRefused.getClass()).isEqualTo(refused.getClass());
        return;
      }
      throw new AssertionError("accepted what Instant.parse refuses: " + text);
    }
    assertThat(IsoInstants.parse(text)).as(text).isEqualTo(expected);
    assertThat(IsoInstants.format(expected)).isEqualTo(expected.toString());
  }
}

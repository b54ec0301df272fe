package io.dooor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
  @Test
  void refusesEveryControlFormatAndBidiCharacterNamingTheField() {
    List<Integer> bad = List.of(0, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x200B, 0x200E, 0xFEFF);
    for (int cp = 0x202A; cp <= 0x202E; cp++) {
      assertRefused(cp);
    }
    for (int cp = 0x2066; cp <= 0x2069; cp++) {
      assertRefused(cp);
    }
    bad.forEach(IdentifiersTest::assertRefused);
    assertThatThrownBy(() -> Identifiers.check("w", "a\uD800", 64)).hasMessageContaining("'w'");
  }

  @Test
  void acceptsPrintableTextUpToTheLimitInUtf8Bytes() {
    assertThat(Identifiers.check("w", "naïve-工作 ok", 64)).isEqualTo("naïve-工作 ok");
    assertThat(Identifiers.check("w", "é".repeat(32), 64)).hasSize(32);
    assertThatThrownBy(() -> Identifiers.check("workload", "é".repeat(33), 64))
        .hasMessageContaining("'workload' is 66 UTF-8 bytes, at most 64");
  }

  private static void assertRefused(int cp) {
    String s = "ok" + new String(Character.toChars(cp)) + "OK node.deactivate";
    assertThatThrownBy(() -> Identifiers.check("workload", s, 1000))
        .as("U+%04X", cp)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'workload'")
        .hasMessageContaining("index 2");
  }
}

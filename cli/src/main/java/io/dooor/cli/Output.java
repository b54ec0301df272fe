package io.dooor.cli;

import io.dooor.client.Json;
import io.dooor.core.Identifiers;
import java.nio.charset.StandardCharsets;

/**
 * Output helpers: JSON for --json, plain text otherwise. Every human-readable line that carries
 * server data goes through {@link #line}, which escapes control and format characters (the {@link
 * Identifiers} rule: Cc, Cf, surrogates; bidi overrides included) and backslashes, so text from the
 * server can neither start a forged line nor reorder what is shown.
 */
final class Output {
  private Output() {}

  static void json(Object value) {
    System.out.println(new String(Json.write(value), StandardCharsets.UTF_8));
  }

  /** Prints {@code text} as one line, escaped ({@link #escape}). */
  static void line(String text) {
    System.out.println(escape(text));
  }

  /** Prints {@code text} to standard error as one line, escaped ({@link #escape}). */
  static void err(String text) {
    System.err.println(escape(text));
  }

  /** {@code text} with every control, format or surrogate character as {@code \\uXXXX}. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.chars()
        .forEach(
            c -> {
              if (c == '\\') {
                b.append("\\\\");
              } else if (Identifiers.refused(c)) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
              } else {
                b.append((char) c);
              }
            });
    return b.toString();
  }
}

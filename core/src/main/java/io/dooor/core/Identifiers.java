package io.dooor.core;

import java.nio.charset.StandardCharsets;

/**
 * The one rule for identifiers taken from clients (workload, node id, context, reason, principal
 * text): at most a limit of UTF-8 bytes, and no control or format character (Unicode general
 * categories Cc and Cf, which include the bidi overrides U+202A-U+202E and isolates U+2066-U+2069,
 * Unicode TR9 §2). Such text can then be printed on one line without forging another. Unpaired
 * surrogates (category Cs) are refused too: they have no UTF-8 form.
 */
public final class Identifiers {
  private Identifiers() {}

  /**
   * {@code value} if it is at most {@code maxBytes} UTF-8 bytes and has no control, format or
   * surrogate character; else {@link IllegalArgumentException} naming {@code field} and the first
   * offending code point.
   */
  public static String check(String field, String value, int maxBytes) {
    int at = firstRefused(value);
    if (at >= 0) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "field '%s' has a control or format character U+%04X at index %d",
              field,
              value.codePointAt(at),
              at));
    }
    int n = value.getBytes(StandardCharsets.UTF_8).length;
    if (n > maxBytes) {
      throw new IllegalArgumentException(
          "field '" + field + "' is " + n + " UTF-8 bytes, at most " + maxBytes);
    }
    return value;
  }

  /** The index of the first control, format or surrogate character of {@code s}, or -1. */
  public static int firstRefused(String s) {
    for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
      if (refused(s.codePointAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code cp} is a control (Cc), format (Cf) or surrogate (Cs) code point. */
  public static boolean refused(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE;
  }

  /**
   * {@code text} for a terminal: every control, format or surrogate character (bidi overrides
   * included) as {@code \\uXXXX}, and the backslash doubled, so printed text cannot forge a line.
   */
  public static String escaped(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.chars()
        .forEach(
            c -> {
              if (c == '\\') {
                b.append("\\\\");
              } else if (refused(c)) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
              } else {
                b.append((char) c);
              }
            });
    return b.toString();
  }
}

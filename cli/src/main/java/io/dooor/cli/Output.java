package io.dooor.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.dooor.client.Json;
import io.dooor.core.Identifiers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The only way the CLI writes to the terminal (a test holds every other class to it): JSON for
 * --json, one escaped line otherwise. {@link #line}, {@link #err} and {@link #lines} escape control
 * and format characters (the {@link Identifiers} rule: Cc, Cf, surrogates; bidi overrides included)
 * and backslashes, and {@link #json} writes them as JSON {@code \\uXXXX} escapes, so that text from
 * the server or a file can neither start a forged line nor reorder what is shown.
 */
final class Output {
  private static final ObjectWriter JSON = Json.MAPPER.writer().with(new TerminalEscapes());

  private Output() {}

  /** {@code value} as one line of JSON, every control and format character escaped. */
  static void json(Object value) {
    try {
      System.out.println(JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints {@code text} as one line, escaped ({@link #escape}). */
  static void line(String text) {
    System.out.println(escape(text));
  }

  /** Prints {@code text} to standard error as one line, escaped ({@link #escape}). */
  static void err(String text) {
    System.err.println(escape(text));
  }

  /** Prints a multi-line {@code text} (a signed note) line by line, each escaped. */
  static void lines(String text) {
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    for (String l : body.split("\n", -1)) {
      line(l);
    }
  }

  static void flush() {
    System.out.flush();
  }

  /** {@code text} with every control, format or surrogate character as {@code \\uXXXX}. */
  static String escape(String text) {
    return Identifiers.escaped(text);
  }

  private static String unicode(int c) {
    return String.format(Locale.ROOT, "\\u%04x", c);
  }

  /** JSON escapes for the characters {@link #escape} escapes beyond those JSON always escapes. */
  private static final class TerminalEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    TerminalEscapes() {
      ascii[0x7f] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return Identifiers.refused(ch) ? new SerializedString(unicode(ch)) : null;
    }
  }
}

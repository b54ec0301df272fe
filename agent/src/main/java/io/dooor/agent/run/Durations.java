package io.dooor.agent.run;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in a configuration file: {@code 500ms}, {@code 5s}, {@code 2m}.
 */
final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private Durations() {}

  /**
   * {@code text} as a duration ({@code 5s} or ISO-8601 {@code PT5S}), refused naming {@code key}.
   */
  static Duration parse(String key, String text) throws AgentConfigException {
    Matcher m = SHORT.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new AgentConfigException(key, "is not a duration (e.g. 500ms, 5s, 2m, PT5S)");
    }
  }
}

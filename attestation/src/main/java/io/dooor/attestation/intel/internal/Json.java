package io.dooor.attestation.intel.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.intel.CollateralException.Reason;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Typed, strict access to collateral JSON (RFC 8259): duplicate keys are refused, every field is
 * checked for its type and range, and every failure is a MALFORMED {@link CollateralException}
 * naming the field.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Json() {}

  public static JsonNode object(byte[] json, String what) throws CollateralException {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException | RuntimeException e) {
      throw bad(what + " is not JSON: " + e.getClass().getSimpleName());
    }
    if (n == null || !n.isObject()) {
      throw bad(what + " is not a JSON object");
    }
    return n;
  }

  private static JsonNode field(JsonNode o, String name) throws CollateralException {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      throw bad("missing field '" + name + "'");
    }
    return n;
  }

  public static boolean has(JsonNode o, String name) {
    JsonNode n = o.get(name);
    return n != null && !n.isNull();
  }

  public static String text(JsonNode o, String name) throws CollateralException {
    JsonNode n = field(o, name);
    if (!n.isTextual()) {
      throw bad("field '" + name + "' is not a string");
    }
    return n.textValue();
  }

  public static Bytes hex(JsonNode o, String name, int length) throws CollateralException {
    try {
      Bytes b = Bytes.of(HexFormat.of().parseHex(text(o, name)));
      if (length >= 0 && b.length() != length) {
        throw bad("field '" + name + "' must be " + length + " bytes, got " + b.length());
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw bad("field '" + name + "' is not hex");
    }
  }

  public static int integer(JsonNode o, String name, int min, int max) throws CollateralException {
    JsonNode n = field(o, name);
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
      throw bad("field '" + name + "' is not an integer in [" + min + ", " + max + "]");
    }
    return n.intValue();
  }

  public static Instant instant(JsonNode o, String name) throws CollateralException {
    String s = text(o, name);
    Instant fast = secondsUtc(s);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw bad("field '" + name + "' is not an RFC 3339 UTC time");
    }
  }

  /**
   * The common form Intel uses, exactly "YYYY-MM-DDThh:mm:ssZ" with hour 00-23 and second 00-59,
   * decoded without the general ISO parser; null for anything else (including an impossible date
   * such as February 30), which {@link Instant#parse} then decides, so the accepted set and the
   * values are exactly those of {@link Instant#parse}.
   */
  static Instant secondsUtc(String s) {
    if (s.length() != 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return null;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    if (day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
  }

  /** The decimal value of {@code n} ASCII digits at {@code from}, or -1 if one is not a digit. */
  private static int digits(String s, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  public static List<JsonNode> array(JsonNode o, String name, int max) throws CollateralException {
    JsonNode n = field(o, name);
    if (!n.isArray() || n.size() > max) {
      throw bad("field '" + name + "' is not an array of at most " + max);
    }
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  public static JsonNode obj(JsonNode o, String name) throws CollateralException {
    JsonNode n = field(o, name);
    if (!n.isObject()) {
      throw bad("field '" + name + "' is not an object");
    }
    return n;
  }

  public static List<String> strings(JsonNode o, String name) throws CollateralException {
    List<String> out = new ArrayList<>();
    if (!has(o, name)) {
      return out;
    }
    for (JsonNode n : array(o, name, 1024)) {
      if (!n.isTextual()) {
        throw bad("field '" + name + "' holds a non-string");
      }
      out.add(n.textValue());
    }
    return out;
  }

  public static CollateralException bad(String message) {
    return new CollateralException(Reason.MALFORMED, message);
  }
}

package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The limits an audit entry imposes on an {@link Event} (lengths in UTF-8 bytes; they keep every
 * entry under the 65,535-byte bound of a C2SP tlog-tiles entry bundle), and {@link #bound}, which
 * fits untrusted text into a limit without losing track of what was cut.
 */
public final class EventLimits {
  public static final int MAX_ACTION = 128;
  public static final int MAX_SUBJECT = 512;
  public static final int MAX_REASON = 2048;
  public static final int MAX_DIGEST = 64;
  public static final int MAX_DETAILS = 32;
  public static final int MAX_DETAIL_KEY = 64;
  public static final int MAX_DETAIL_VALUE = 512;

  /** Hex characters of the SHA-256 of the cut text that {@link #bound} appends. */
  static final int DIGEST_HEX = 16;

  private EventLimits() {}

  static void check(
      String action, String subject, Bytes digest, String reason, Map<String, String> details) {
    checkText("action", action, MAX_ACTION);
    checkText("subject", subject, MAX_SUBJECT);
    checkText("reason", reason, MAX_REASON);
    if (digest.length() > MAX_DIGEST) {
      throw new IllegalArgumentException("request digest longer than " + MAX_DIGEST + " bytes");
    }
    if (details.size() > MAX_DETAILS) {
      throw new IllegalArgumentException("more than " + MAX_DETAILS + " details");
    }
    details.forEach(
        (k, v) -> {
          checkText("detail key", k, MAX_DETAIL_KEY);
          checkText("detail value", v, MAX_DETAIL_VALUE);
        });
  }

  /**
   * {@code text} if it fits in {@code max} UTF-8 bytes; otherwise its longest prefix that leaves
   * room for {@code "...sha256:"} and the first 16 hex digits of the SHA-256 of the whole text, so
   * two long texts that share a prefix still record differently. Unpaired surrogates become "?".
   */
  public static String bound(String text, int max) {
    String valid = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= max) {
      return valid;
    }
    String tail = "...sha256:" + Digests.sha256Hex(Bytes.of(utf8)).substring(0, DIGEST_HEX);
    int room = max - tail.length();
    if (room < 0) {
      throw new IllegalArgumentException("limit " + max + " leaves no room for the digest");
    }
    return prefix(valid, room) + tail;
  }

  /** The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes, whole code points. */
  private static String prefix(String s, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > maxBytes) {
        break;
      }
      bytes += n;
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  private static void checkText(String what, String s, int max) {
    int n = s.getBytes(StandardCharsets.UTF_8).length;
    if (n > max) {
      throw new IllegalArgumentException(what + " is " + n + " bytes, at most " + max);
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
      throw new IllegalArgumentException(what + " is not valid Unicode (unpaired surrogate)");
    }
  }
}

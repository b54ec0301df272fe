package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.common.EntryLimits;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The limits an audit entry imposes on an {@link Event} ({@link EntryLimits}, the one rule the
 * audit log checks too), and {@link #bound}, which fits untrusted text into a limit without losing
 * track of what was cut.
 */
public final class EventLimits {
  public static final int MAX_ACTION = EntryLimits.MAX_ACTION;
  public static final int MAX_SUBJECT = EntryLimits.MAX_SUBJECT;
  public static final int MAX_REASON = EntryLimits.MAX_REASON;
  public static final int MAX_DIGEST = EntryLimits.MAX_DIGEST;
  public static final int MAX_DETAILS = EntryLimits.MAX_DETAILS;
  public static final int MAX_DETAIL_KEY = EntryLimits.MAX_DETAIL_KEY;
  public static final int MAX_DETAIL_VALUE = EntryLimits.MAX_DETAIL_VALUE;

  /** Hex characters of the SHA-256 of the cut text that {@link #bound} appends. */
  static final int DIGEST_HEX = 16;

  private EventLimits() {}

  static void check(
      String action, String subject, Bytes digest, String reason, Map<String, String> details) {
    EntryLimits.check(action, subject, digest, reason, details);
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
}

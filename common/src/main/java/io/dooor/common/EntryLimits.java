package io.dooor.common;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The limits of one audit-log entry, in UTF-8 bytes: they keep every entry under the 65,535-byte
 * bound of a C2SP tlog-tiles entry bundle. The one rule for both sides: the domain's {@code Event}
 * is checked against it when built, and the audit log's {@code AuditEntry} when encoded.
 */
public final class EntryLimits {
  public static final int MAX_ACTION = 128;
  public static final int MAX_SUBJECT = 512;
  public static final int MAX_REASON = 2048;
  public static final int MAX_DIGEST = 64;
  public static final int MAX_DETAILS = 32;
  public static final int MAX_DETAIL_KEY = 64;
  public static final int MAX_DETAIL_VALUE = 512;

  private EntryLimits() {}

  /** Checks every field against its limit, or IllegalArgumentException naming the first. */
  public static void check(
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

  /** {@code s} is valid Unicode of at most {@code max} UTF-8 bytes, or IllegalArgumentException. */
  public static void checkText(String what, String s, int max) {
    int n = s.getBytes(StandardCharsets.UTF_8).length;
    if (n > max) {
      throw new IllegalArgumentException(what + " is " + n + " bytes, at most " + max);
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
      throw new IllegalArgumentException(what + " is not valid Unicode (unpaired surrogate)");
    }
  }
}

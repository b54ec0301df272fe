package io.dooor.store.internal;

import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Column encodings shared by the tables: instants as ISO-8601 text (exact), bytes as blobs. */
final class Columns {
  private Columns() {}

  static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value.toString());
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : instant(text);
  }

  /**
   * {@link Instant#parse}, with a fast path for the form {@link Instant#toString} writes for years
   * 0000-9999 ({@code 2026-12-08T02:30:59Z}, with 1 to 9 fraction digits before the {@code Z}):
   * reading 10,000 machines and nodes a reconciler pass parses some 70,000 instants, and the
   * formatter's parse was the largest part of that read. Anything else (another form, a field out
   * of range, a leap second) is left to {@link Instant#parse}, which gives the same answer or
   * refuses it the same way.
   */
  static Instant instant(String text) {
    int n = text.length();
    if (n < 20
        || n > 30
        || n == 21
        || text.charAt(n - 1) != 'Z'
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (n > 20 && text.charAt(19) != '.')) {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = n > 20 ? digits(text, 20, n - 1) : 0;
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > java.time.YearMonth.of(year, month).lengthOfMonth()
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || nanos < 0) {
      return Instant.parse(text);
    }
    for (int i = n - 1 - 20; i < 9; i++) {
      nanos *= 10;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number in {@code text[from, to)}, or -1 unless every character is 0-9. */
  private static int digits(String text, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static Bytes bytes(ResultSet rs, String column) throws SQLException {
    byte[] raw = rs.getBytes(column);
    return raw == null ? Bytes.empty() : Bytes.of(raw);
  }

  static Principal principal(ResultSet rs, String column) throws SQLException {
    byte[] raw = rs.getBytes(column);
    return Principal.of(raw == null ? new byte[0] : raw);
  }
}

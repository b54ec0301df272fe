package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import java.util.Locale;

/**
 * A C2SP tlog-tiles resource path: {@code tile/<L>/<N>[.p/<W>]} for hash tiles and {@code
 * tile/entries/<N>[.p/<W>]} for entry bundles, N written in groups of three digits with an "x"
 * prefix on every group but the last (e.g. 1234067 is x001/x234/067).
 *
 * @param level tile level, or {@link #ENTRIES} for an entry bundle
 * @param index tile index
 * @param width 1..256 (256 = full tile, written without ".p")
 */
public record TilePath(int level, long index, int width) {
  /** The level of entry bundles. */
  public static final int ENTRIES = -1;

  public TilePath {
    if (level < ENTRIES || level > 7 || index < 0 || width < 1 || width > 256) {
      throw new IllegalArgumentException("tile path out of range");
    }
  }

  /** Parses a path (without leading slash). */
  public static TilePath parse(String path) throws AuditException {
    String[] parts = path.split("/", -1);
    if (parts.length < 3 || !parts[0].equals("tile")) {
      throw bad(path);
    }
    int level = parts[1].equals("entries") ? ENTRIES : parseLevel(parts[1], path);
    int n = parts.length;
    int width = 256;
    if (n >= 4 && parts[n - 2].endsWith(".p")) {
      width = parseWidth(parts[n - 1], path);
      parts[n - 2] = parts[n - 2].substring(0, parts[n - 2].length() - 2);
      n--;
    }
    long index = 0;
    for (int i = 2; i < n; i++) {
      boolean last = i == n - 1;
      String g = parts[i];
      if (!last && !g.startsWith("x")) {
        throw bad(path);
      }
      String digits = last ? g : g.substring(1);
      if (!digits.matches("[0-9]{3}") || (n - 2) > 6 || (i == 2 && !last && digits.equals("000"))) {
        throw bad(path);
      }
      index = index * 1000 + Integer.parseInt(digits);
    }
    return new TilePath(level, index, width);
  }

  private static int parseLevel(String s, String path) throws AuditException {
    if (!s.matches("[0-7]")) {
      throw bad(path);
    }
    return Integer.parseInt(s);
  }

  private static int parseWidth(String s, String path) throws AuditException {
    if (!s.matches("[1-9][0-9]{0,2}") || Integer.parseInt(s) > 255) {
      throw bad(path);
    }
    return Integer.parseInt(s);
  }

  private static AuditException bad(String path) {
    return new AuditException(Reason.MALFORMED_TILE, "not a tile path: '" + path + "'");
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("tile/");
    sb.append(level == ENTRIES ? "entries" : Integer.toString(level));
    String digits = Long.toString(index);
    int pad = (3 - digits.length() % 3) % 3;
    digits = "0".repeat(pad) + digits;
    for (int i = 0; i < digits.length(); i += 3) {
      sb.append(i + 3 < digits.length() ? "/x" : "/").append(digits, i, i + 3);
    }
    if (width < 256) {
      sb.append(String.format(Locale.ROOT, ".p/%d", width));
    }
    return sb.toString();
  }
}

package io.dooor.core.proposal;

import io.dooor.common.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical bytes of a proposed change: a header line {@code dooor-change/v1 KIND}, then one
 * line per fact, {@code key field...}, fields separated by one space and percent-encoded (every
 * byte outside {@code !}..{@code ~}, and {@code %}, as {@code %XX} upper-case), each line ending in
 * LF. One change has exactly one encoding: {@link #parse} refuses any other spelling, so the
 * SHA-256 that approvals name identifies the change.
 */
public record ChangeText(ProposalKind kind, List<Line> lines) {
  private static final String MAGIC = "dooor-change/v1";

  /** Largest change accepted, in bytes. */
  public static final int MAX_BYTES = 64 * 1024;

  /** One fact: a key ({@code [a-z_]+}) and its fields. */
  public record Line(String key, List<String> fields) {
    public Line {
      if (!key.matches("[a-z_]{1,64}")) {
        throw new IllegalArgumentException("change key '" + key + "' is not [a-z_]{1,64}");
      }
      fields = List.copyOf(fields);
    }

    /** The only field of this line. */
    public String value() {
      if (fields.size() != 1) {
        throw new IllegalArgumentException("change line '" + key + "' must have one field");
      }
      return fields.get(0);
    }
  }

  public ChangeText {
    lines = List.copyOf(lines);
  }

  /** The canonical bytes. */
  public Bytes encode() {
    StringBuilder out = new StringBuilder(MAGIC).append(' ').append(kind.wireName()).append('\n');
    for (Line l : lines) {
      out.append(l.key());
      l.fields().forEach(f -> out.append(' ').append(escape(f)));
      out.append('\n');
    }
    return Bytes.of(out.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Decodes canonical bytes.
   *
   * @throws IllegalArgumentException naming what is not canonical
   */
  public static ChangeText parse(Bytes bytes) {
    if (bytes.length() > MAX_BYTES) {
      throw new IllegalArgumentException("change is larger than " + MAX_BYTES + " bytes");
    }
    String text = new String(bytes.toArray(), StandardCharsets.US_ASCII);
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("change must end with a line feed");
    }
    String[] rows = text.substring(0, text.length() - 1).split("\n", -1);
    String[] head = rows[0].split(" ", -1);
    if (head.length != 2 || !head[0].equals(MAGIC)) {
      throw new IllegalArgumentException("change must start with '" + MAGIC + " KIND'");
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 1; i < rows.length; i++) {
      String[] parts = rows[i].split(" ", -1);
      List<String> fields = new ArrayList<>();
      for (int j = 1; j < parts.length; j++) {
        fields.add(unescape(parts[j]));
      }
      lines.add(new Line(parts[0], fields));
    }
    ChangeText parsed = new ChangeText(ProposalKind.parse(head[1]), lines);
    if (!parsed.encode().equals(bytes)) {
      throw new IllegalArgumentException("change is not in its canonical encoding");
    }
    return parsed;
  }

  /** The value of the only line named {@code key}. */
  public String one(String key) {
    List<Line> found = all(key);
    if (found.size() != 1) {
      throw new IllegalArgumentException("change must have one '" + key + "' line");
    }
    return found.get(0).value();
  }

  /** Every line named {@code key}, in order. */
  public List<Line> all(String key) {
    return lines.stream().filter(l -> l.key().equals(key)).toList();
  }

  static String escape(String field) {
    StringBuilder out = new StringBuilder();
    for (byte b : field.getBytes(StandardCharsets.UTF_8)) {
      int v = b & 0xff;
      if (v > 0x20 && v < 0x7f && v != '%') {
        out.append((char) v);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(v & 15, 16)));
      }
    }
    return out.toString();
  }

  static String unescape(String field) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(hex2(field, i), 16));
        i += 2;
      } else if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("change field has an unescaped byte");
      } else {
        out.write(c);
      }
    }
    String s = new String(out.toByteArray(), StandardCharsets.UTF_8);
    if (!escape(s).equals(field)) {
      throw new IllegalArgumentException("change field is not canonical UTF-8");
    }
    return s;
  }

  private static String hex2(String field, int at) {
    if (at + 2 >= field.length()) {
      throw new IllegalArgumentException("change field ends inside an escape");
    }
    String h = field.substring(at + 1, at + 3);
    if (!h.matches("[0-9A-F]{2}")) {
      throw new IllegalArgumentException("change field has a bad escape '%" + h + "'");
    }
    return h;
  }
}

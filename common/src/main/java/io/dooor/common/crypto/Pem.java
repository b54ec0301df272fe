package io.dooor.common.crypto;

import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The one PEM reader and writer (RFC 7468). Every encapsulation boundary must open a complete
 * block: "-----BEGIN label-----", a base64 body, the matching "-----END label-----" (§2); the label
 * is printable ASCII without leading, trailing or doubled spaces and hyphens (§3 "label"); the body
 * is canonical base64 (RFC 4648 §3.5: padding only at the end, pad bits zero) and not empty. A
 * damaged block is refused, never skipped, and no "-----" appears outside a block. {@link
 * Mode#STRICT} allows only line breaks between and inside blocks (§3 "stricttextualmsg", CR LF or
 * LF); {@link Mode#LAX} allows spaces and tabs inside bodies (§3 "laxtextualmsg") and explanatory
 * text between blocks (§5.2). Callers check the labels they expect.
 */
public final class Pem {
  private static final String DASHES = "-----";
  private static final String BEGIN = DASHES + "BEGIN ";
  private static final int MAX_LABEL = 64;

  /** How much whitespace and text around the base64 is allowed. */
  public enum Mode {
    STRICT,
    LAX
  }

  /** One decoded block. */
  public record Block(String label, Bytes der) {}

  private Pem() {}

  /** Whether {@code text} is meant as PEM (it holds an encapsulation boundary). */
  public static boolean looksLikePem(String text) {
    return text.contains(BEGIN);
  }

  /** Every block of {@code text}, in order; PemException naming the first damaged one. */
  public static List<Block> parse(String text, Mode mode) throws PemException {
    List<Block> out = new ArrayList<>();
    int pos = 0;
    while (true) {
      int begin = text.indexOf(DASHES, pos);
      checkBetween(text, pos, begin < 0 ? text.length() : begin, mode, out.size());
      if (begin < 0) {
        return out;
      }
      if (!text.startsWith(BEGIN, begin)) {
        throw bad(out.size(), "boundary fragment outside a block at offset " + begin);
      }
      pos = block(text, begin, mode, out);
    }
  }

  /** Encodes {@code der} under {@code label}, 64 characters a line, LF line ends (§2). */
  public static String encode(String label, Bytes der) {
    String b64 = der.base64();
    StringBuilder sb = new StringBuilder(BEGIN).append(label).append("-----\n");
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    return sb.append("-----END ").append(label).append("-----\n").toString();
  }

  private static void checkBetween(String text, int from, int to, Mode mode, int k)
      throws PemException {
    if (mode == Mode.LAX) {
      return;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c != '\n' && c != '\r') {
        throw bad(k, "text outside a block at offset " + i);
      }
    }
  }

  /** Decodes the block opening at {@code begin} into {@code out}; returns the offset after it. */
  private static int block(String text, int begin, Mode mode, List<Block> out) throws PemException {
    int k = out.size();
    int labelStart = begin + BEGIN.length();
    int labelEnd = text.indexOf(DASHES, labelStart);
    if (labelEnd < 0) {
      throw bad(k, "BEGIN line without closing dashes at offset " + begin);
    }
    String label = checkLabel(text.substring(labelStart, labelEnd), k);
    int bodyStart = labelEnd + DASHES.length();
    String end = DASHES + "END " + label + DASHES;
    int close = text.indexOf(DASHES, bodyStart);
    if (close < 0 || !text.startsWith(end, close)) {
      throw bad(k, "block " + label + " not terminated by " + end);
    }
    out.add(new Block(label, decode(text.substring(bodyStart, close), mode, k, label)));
    return close + end.length();
  }

  /** RFC 7468 §3: label = [ labelchar *( ["-" / SP] labelchar ) ], labelchar printable. */
  private static String checkLabel(String label, int k) throws PemException {
    boolean ok = !label.isEmpty() && label.length() <= MAX_LABEL;
    for (int i = 0; ok && i < label.length(); i++) {
      char c = label.charAt(i);
      ok = c > 0x1f && c < 0x7f;
      if (isSeparator(c)) {
        ok = i > 0 && i < label.length() - 1 && !isSeparator(label.charAt(i - 1));
      }
    }
    if (!ok) {
      throw bad(k, "malformed label '" + printable(label) + "'");
    }
    return label;
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '-';
  }

  private static Bytes decode(String body, Mode mode, int k, String label) throws PemException {
    StringBuilder b64 = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (isBase64(c)) {
        b64.append(c);
      } else if (!(c == '\n' || c == '\r' || (mode == Mode.LAX && (c == ' ' || c == '\t')))) {
        throw bad(k, "character 0x" + Integer.toHexString(c) + " in the " + label + " body");
      }
    }
    if (b64.length() == 0) {
      throw bad(k, "empty " + label + " body");
    }
    String s = b64.toString();
    try {
      byte[] der = Base64.getDecoder().decode(s);
      if (!Base64.getEncoder().encodeToString(der).equals(s)) {
        throw bad(k, "non-canonical base64 in the " + label + " body");
      }
      return Bytes.of(der);
    } catch (IllegalArgumentException e) {
      throw bad(k, "bad base64 in the " + label + " body");
    }
  }

  private static boolean isBase64(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '=';
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static PemException bad(int index, String what) {
    return new PemException("PEM block #" + (index + 1) + ": " + what);
  }
}

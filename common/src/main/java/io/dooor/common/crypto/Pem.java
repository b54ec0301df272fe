package io.dooor.common.crypto;

import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
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
  private static final byte[] VALUE = base64Values();

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
    out.add(new Block(label, decode(text, bodyStart, close, mode, k, label)));
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

  /**
   * Base64 of text[from, to): the alphabet and the allowed whitespace only, canonical (RFC 4648
   * §3.5: a multiple of four characters, padding only at the end, pad bits zero), then decoded.
   */
  private static Bytes decode(String text, int from, int to, Mode mode, int k, String label)
      throws PemException {
    byte[] b64 = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x80 && VALUE[c] >= 0) {
        b64[n++] = (byte) c;
      } else if (!(c == '\n' || c == '\r' || (mode == Mode.LAX && (c == ' ' || c == '\t')))) {
        throw bad(k, "character 0x" + Integer.toHexString(c) + " in the " + label + " body");
      }
    }
    if (n == 0) {
      throw bad(k, "empty " + label + " body");
    }
    if (n % 4 != 0 || !canonicalTail(b64, n)) {
      throw bad(k, "non-canonical base64 in the " + label + " body");
    }
    try {
      return Bytes.of(Base64.getDecoder().decode(Arrays.copyOf(b64, n)));
    } catch (IllegalArgumentException e) {
      throw bad(k, "bad base64 in the " + label + " body");
    }
  }

  /** The bits that padding leaves over are zero (the decoder refuses padding elsewhere). */
  private static boolean canonicalTail(byte[] b64, int n) {
    if (b64[n - 1] != '=') {
      return true;
    }
    if (b64[n - 2] == '=') {
      return (VALUE[b64[n - 3]] & 0x0f) == 0;
    }
    return (VALUE[b64[n - 2]] & 0x03) == 0;
  }

  /** The 6-bit value of each base64 character (RFC 4648 Table 1), 0 for '=', -1 otherwise. */
  private static byte[] base64Values() {
    byte[] v = new byte[128];
    Arrays.fill(v, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      v[alphabet.charAt(i)] = (byte) i;
    }
    v['='] = 0;
    return v;
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static PemException bad(int index, String what) {
    return new PemException("PEM block #" + (index + 1) + ": " + what);
  }
}

package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Textual encoding of certificates and CRLs (RFC 7468 §2-§3, lax parsing as §3 allows for
 * whitespace inside a block). Every encapsulation boundary must open a complete, well-formed block
 * with a known label ("CERTIFICATE", "X509 CRL") and the matching END line; the body is base64 with
 * whitespace only, canonical (no non-zero pad bits, §3 "strict" decoding of the alphabet). A
 * damaged block is refused, never skipped: otherwise a trust folder or chain file whose second
 * certificate was truncated would load as if it held one. Explanatory text between blocks (§5.2) is
 * allowed, but not a stray "-----" boundary fragment.
 */
final class PemBlocks {
  private static final String DASHES = "-----";
  private static final String BEGIN = DASHES + "BEGIN ";
  private static final Set<String> LABELS = Set.of("CERTIFICATE", "X509 CRL");

  /** One decoded block. */
  record Block(String label, byte[] der) {}

  private PemBlocks() {}

  /** Whether {@code text} is meant as PEM (it has an encapsulation boundary). */
  static boolean looksLikePem(String text) {
    return text.contains(BEGIN);
  }

  /** Every block of {@code text}, in order; MALFORMED naming the first damaged one. */
  static List<Block> parse(String text) throws PkiException {
    List<Block> out = new ArrayList<>();
    int pos = 0;
    while (true) {
      int begin = text.indexOf(DASHES, pos);
      if (begin < 0) {
        return out;
      }
      if (!text.startsWith(BEGIN, begin)) {
        throw bad(out.size(), "boundary fragment outside a block at offset " + begin);
      }
      pos = block(text, begin, out);
    }
  }

  /** Decodes the block opening at {@code begin} into {@code out}; returns the offset after it. */
  private static int block(String text, int begin, List<Block> out) throws PkiException {
    int k = out.size();
    int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
    int lineEnd = lineEnd(text, begin);
    if (labelEnd < 0 || labelEnd > lineEnd) {
      throw bad(k, "BEGIN line without closing dashes at offset " + begin);
    }
    String label = text.substring(begin + BEGIN.length(), labelEnd);
    if (!LABELS.contains(label)) {
      throw bad(k, "unexpected label '" + printable(label) + "'");
    }
    int bodyStart = labelEnd + DASHES.length();
    String end = DASHES + "END " + label + DASHES;
    int close = text.indexOf(DASHES, bodyStart);
    if (close < 0 || !text.startsWith(end, close)) {
      throw bad(k, "block " + label + " not terminated by " + end);
    }
    out.add(new Block(label, decode(text.substring(bodyStart, close), k, label)));
    return close + end.length();
  }

  private static int lineEnd(String text, int from) {
    int nl = text.indexOf('\n', from);
    return nl < 0 ? text.length() : nl;
  }

  private static byte[] decode(String body, int k, String label) throws PkiException {
    StringBuilder b64 = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (isBase64(c)) {
        b64.append(c);
      } else if (!isWhitespace(c)) {
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
      return der;
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

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static PkiException bad(int index, String what) {
    return new PkiException(Reason.MALFORMED, "PEM block #" + (index + 1) + ": " + what);
  }
}

package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.dcap.DcapException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Strict PEM (RFC 7468 §3, "strict" textual encoding) for the PCK chain of certification data type
 * 5: only CERTIFICATE blocks (the PCK chain of certification data type 5, and the collateral issuer
 * chains) separated by line breaks, canonical base64, and NUL padding at the very end. Anything
 * else is MALFORMED, so that no byte of the chain is silently ignored.
 */
final class StrictPem {
  private static final String BEGIN_TEXT = "-----BEGIN CERTIFICATE-----";
  private static final byte[] BEGIN = BEGIN_TEXT.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "-----END CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII);

  /** The RFC 4648 base64 alphabet and the pad, by ASCII code. */
  private static final boolean[] BASE64 = base64Alphabet();

  private StrictPem() {}

  static List<byte[]> certificates(byte[] data, String check) throws DcapException {
    int end = data.length;
    while (end > 0 && data[end - 1] == 0) {
      end--;
    }
    List<byte[]> out = new ArrayList<>();
    int pos = skipBreaks(data, 0, end);
    while (pos < end) {
      if (!startsWith(data, pos, end, BEGIN)) {
        throw bad(check, "expected " + BEGIN_TEXT + " at " + pos);
      }
      int body = pos + BEGIN.length;
      int close = indexOf(data, body, end, END);
      if (close < 0) {
        throw bad(check, "unterminated PEM block at " + pos);
      }
      out.add(decode(data, body, close, check));
      pos = skipBreaks(data, close + END.length, end);
    }
    return out;
  }

  private static boolean startsWith(byte[] d, int at, int end, byte[] p) {
    if (end - at < p.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (d[at + i] != p[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] d, int from, int end, byte[] p) {
    for (int i = from; i <= end - p.length; i++) {
      if (d[i] == p[0] && startsWith(d, i, end, p)) {
        return i;
      }
    }
    return -1;
  }

  private static int skipBreaks(byte[] d, int pos, int end) {
    while (pos < end && (d[pos] == '\n' || d[pos] == '\r')) {
      pos++;
    }
    return pos;
  }

  /** Base64 of d[from, to) without line breaks: alphabet only, canonical, then decoded. */
  private static byte[] decode(byte[] d, int from, int to, String check) throws DcapException {
    byte[] b64 = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      byte c = d[i];
      if (c == '\n' || c == '\r') {
        continue;
      }
      if (!isBase64(c)) {
        throw bad(check, "character 0x" + Integer.toHexString(c & 0xff) + " in a PEM block");
      }
      b64[n++] = c;
    }
    if (n == 0 || n % 4 != 0 || !canonicalTail(b64, n)) {
      throw bad(check, "non-canonical base64 in a PEM block");
    }
    try {
      return Base64.getDecoder().decode(java.util.Arrays.copyOf(b64, n));
    } catch (IllegalArgumentException e) {
      throw bad(check, "bad base64 in a PEM block");
    }
  }

  /**
   * RFC 4648 §3.5 canonical encoding: padding only at the end (the decoder refuses it elsewhere),
   * and the bits that padding leaves over are zero.
   */
  private static boolean canonicalTail(byte[] b64, int n) {
    if (b64[n - 1] != '=') {
      return true;
    }
    if (b64[n - 2] == '=') {
      return (value(b64[n - 3]) & 0x0f) == 0;
    }
    return (value(b64[n - 2]) & 0x03) == 0;
  }

  private static int value(byte c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : 0;
  }

  private static boolean isBase64(byte c) {
    return c >= 0 && BASE64[c];
  }

  private static boolean[] base64Alphabet() {
    boolean[] t = new boolean[128];
    for (int c = 0; c < 128; c++) {
      t[c] =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '=';
    }
    return t;
  }

  private static DcapException bad(String check, String what) {
    return new DcapException(Reason.MALFORMED, check, what);
  }
}

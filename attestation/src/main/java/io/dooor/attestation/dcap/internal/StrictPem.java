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
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private StrictPem() {}

  static List<byte[]> certificates(byte[] data, String check) throws DcapException {
    int end = data.length;
    while (end > 0 && data[end - 1] == 0) {
      end--;
    }
    String text = new String(data, 0, end, StandardCharsets.US_ASCII);
    List<byte[]> out = new ArrayList<>();
    int pos = skipBreaks(text, 0);
    while (pos < text.length()) {
      if (!text.startsWith(BEGIN, pos)) {
        throw bad(check, "expected " + BEGIN + " at " + pos);
      }
      int close = text.indexOf(END, pos + BEGIN.length());
      if (close < 0) {
        throw bad(check, "unterminated PEM block at " + pos);
      }
      out.add(decode(text.substring(pos + BEGIN.length(), close), check));
      pos = skipBreaks(text, close + END.length());
    }
    return out;
  }

  private static int skipBreaks(String t, int pos) {
    while (pos < t.length() && (t.charAt(pos) == '\n' || t.charAt(pos) == '\r')) {
      pos++;
    }
    return pos;
  }

  private static byte[] decode(String body, String check) throws DcapException {
    String b64 = body.replace("\r", "").replace("\n", "");
    for (int i = 0; i < b64.length(); i++) {
      char c = b64.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '=';
      if (!ok) {
        throw bad(check, "character 0x" + Integer.toHexString(c) + " in a PEM block");
      }
    }
    try {
      byte[] der = Base64.getDecoder().decode(b64);
      if (!Base64.getEncoder().encodeToString(der).equals(b64)) {
        throw bad(check, "non-canonical base64 in a PEM block");
      }
      return der;
    } catch (IllegalArgumentException e) {
      throw bad(check, "bad base64 in a PEM block");
    }
  }

  private static DcapException bad(String check, String what) {
    return new DcapException(Reason.MALFORMED, check, what);
  }
}

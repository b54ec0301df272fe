package io.dooor.client.auth.internal;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text encoding (RFC 7468 §2, strict form for writing, lax whitespace for reading). */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]{1,40})-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

  private Pem() {}

  /** A decoded PEM block: its label and DER bytes. */
  public record Block(String label, byte[] der) {}

  /** Encodes {@code der} under {@code label}, 64 characters a line. */
  public static String encode(String label, byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    return sb.append("-----END ").append(label).append("-----\n").toString();
  }

  /**
   * Decodes the first PEM block of {@code text}.
   *
   * @throws DerException if there is no well-formed block or its base64 is invalid
   */
  public static Block decodeFirst(String text) throws DerException {
    Matcher m = BLOCK.matcher(text);
    if (!m.find()) {
      throw new DerException("no PEM block (-----BEGIN ...----- / -----END ...-----) found");
    }
    String body = m.group(2).replaceAll("\\s", "");
    try {
      return new Block(m.group(1), Base64.getDecoder().decode(body));
    } catch (IllegalArgumentException e) {
      throw new DerException(
          "PEM block '" + m.group(1) + "' has invalid base64: " + e.getMessage());
    }
  }
}

package io.dooor.client.auth.internal;

import java.util.List;

/**
 * The signature base of RFC 9421 §2.5: one line {@code "<component>": <value>} per covered
 * component, in order, then {@code "@signature-params": <inner list>}, lines joined by LF with no
 * trailing LF. Component identifiers here are plain names without parameters.
 */
public final class SignatureBase {
  private SignatureBase() {}

  /**
   * Builds the base.
   *
   * @param components covered component names, e.g. {@code @method} or {@code content-digest}
   * @param values their values, in the same order
   * @param signatureParams the serialized inner list of §2.3
   * @throws IllegalArgumentException if a value contains a character outside HTAB and visible
   *     ASCII, which would let one line forge another (§2.5 step 2.4)
   */
  public static String build(List<String> components, List<String> values, String signatureParams) {
    if (components.size() != values.size()) {
      throw new IllegalArgumentException("one value per component required");
    }
    StringBuilder sb = new StringBuilder(256);
    for (int i = 0; i < components.size(); i++) {
      appendLine(sb, components.get(i), values.get(i));
      sb.append('\n');
    }
    appendLine(sb, "@signature-params", signatureParams);
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, String component, String value) {
    checkValue(component, value);
    sb.append('"').append(component).append("\": ").append(value);
  }

  /** Throws unless {@code value} is HTAB or visible ASCII / SP only. */
  public static void checkValue(String component, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c > 0x7e) {
        throw new IllegalArgumentException(
            "value of "
                + component
                + " contains a character that cannot be signed (0x"
                + Integer.toHexString(c)
                + ")");
      }
    }
  }
}

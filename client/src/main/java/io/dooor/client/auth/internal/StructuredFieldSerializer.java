package io.dooor.client.auth.internal;

import io.dooor.common.Bytes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Serializes RFC 8941 structured fields (§4.1). RFC 9421 §2.3 builds {@code @signature-params} from
 * this serialization of the signature's Inner List, so verifier and signer share it.
 */
public final class StructuredFieldSerializer {
  private StructuredFieldSerializer() {}

  /** A Dictionary (§4.1.2). */
  public static String dictionary(Map<String, SfMember> dict) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, SfMember> e : dict.entrySet()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(checkedKey(e.getKey()));
      SfMember m = e.getValue();
      if (m instanceof SfMember.Item item && Boolean.TRUE.equals(item.value())) {
        appendParams(sb, item.params());
      } else {
        sb.append('=');
        appendMember(sb, m);
      }
    }
    return sb.toString();
  }

  /** An Inner List with its parameters (§4.1.1.1). */
  public static String innerList(SfMember.InnerList list) {
    StringBuilder sb = new StringBuilder();
    appendInnerList(sb, list);
    return sb.toString();
  }

  private static void appendMember(StringBuilder sb, SfMember m) {
    if (m instanceof SfMember.InnerList list) {
      appendInnerList(sb, list);
    } else {
      SfMember.Item item = (SfMember.Item) m;
      appendBareItem(sb, item.value());
      appendParams(sb, item.params());
    }
  }

  private static void appendInnerList(StringBuilder sb, SfMember.InnerList list) {
    sb.append('(');
    for (int i = 0; i < list.items().size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      SfMember.Item item = list.items().get(i);
      appendBareItem(sb, item.value());
      appendParams(sb, item.params());
    }
    sb.append(')');
    appendParams(sb, list.params());
  }

  private static void appendParams(StringBuilder sb, Map<String, Object> params) {
    for (Map.Entry<String, Object> p : params.entrySet()) {
      sb.append(';').append(checkedKey(p.getKey()));
      if (!Boolean.TRUE.equals(p.getValue())) {
        sb.append('=');
        appendBareItem(sb, p.getValue());
      }
    }
  }

  private static void appendBareItem(StringBuilder sb, Object v) {
    if (v instanceof Long l) {
      sb.append(l.longValue());
    } else if (v instanceof BigDecimal d) {
      BigDecimal r = d.setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
      sb.append((r.scale() < 1 ? r.setScale(1) : r).toPlainString());
    } else if (v instanceof String s) {
      appendString(sb, s);
    } else if (v instanceof SfMember.Token t) {
      sb.append(t.value());
    } else if (v instanceof Bytes b) {
      sb.append(':').append(b.base64()).append(':');
    } else if (v instanceof Boolean b) {
      sb.append(b ? "?1" : "?0");
    } else {
      throw new IllegalArgumentException("not a structured field bare item: " + v);
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("string contains a non-printable character");
      }
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  private static String checkedKey(String key) {
    char first = key.isEmpty() ? '\0' : key.charAt(0);
    if (!((first >= 'a' && first <= 'z') || first == '*')) {
      throw new IllegalArgumentException("invalid structured field key: " + key);
    }
    return key;
  }
}

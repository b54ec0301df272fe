package io.dooor.client.auth.internal;

import io.dooor.common.Bytes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses RFC 8941 Structured Field Dictionaries (§4.2, §4.2.2) as carried by Signature-Input,
 * Signature (RFC 9421 §4) and Content-Digest (RFC 9530 §2). Strict: any deviation from the grammar
 * is a {@link StructuredFieldException} naming the offset; input is bounded by the caller.
 */
public final class StructuredFieldParser {
  private final String in;
  private int pos;

  private StructuredFieldParser(String in) {
    this.in = in;
  }

  /** Parses a whole field value as a Dictionary (§4.2 with §4.2.2). */
  public static Map<String, SfMember> parseDictionary(String value)
      throws StructuredFieldException {
    StructuredFieldParser p = new StructuredFieldParser(value);
    p.skipSp();
    Map<String, SfMember> dict = p.dictionary();
    p.skipSp();
    if (p.pos != p.in.length()) {
      throw p.error("unexpected trailing characters");
    }
    return dict;
  }

  private Map<String, SfMember> dictionary() throws StructuredFieldException {
    Map<String, SfMember> dict = new LinkedHashMap<>();
    while (pos < in.length()) {
      String key = key();
      SfMember member;
      if (peek() == '=') {
        pos++;
        member = peek() == '(' ? innerList() : item();
      } else {
        member = new SfMember.Item(Boolean.TRUE, parameters());
      }
      dict.put(key, member);
      skipOws();
      if (pos == in.length()) {
        return dict;
      }
      if (in.charAt(pos++) != ',') {
        throw error("expected ',' between dictionary members");
      }
      skipOws();
      if (pos == in.length()) {
        throw error("trailing ',' in dictionary");
      }
    }
    return dict;
  }

  private SfMember.InnerList innerList() throws StructuredFieldException {
    expect('(');
    List<SfMember.Item> items = new ArrayList<>();
    while (pos < in.length()) {
      skipSp();
      if (peek() == ')') {
        pos++;
        return new SfMember.InnerList(items, parameters());
      }
      items.add(item());
      char c = peek();
      if (c != ' ' && c != ')') {
        throw error("expected ' ' or ')' in inner list");
      }
    }
    throw error("unterminated inner list");
  }

  private SfMember.Item item() throws StructuredFieldException {
    Object value = bareItem();
    return new SfMember.Item(value, parameters());
  }

  private Map<String, Object> parameters() throws StructuredFieldException {
    Map<String, Object> params = new LinkedHashMap<>();
    while (peek() == ';') {
      pos++;
      skipSp();
      String key = key();
      Object value = Boolean.TRUE;
      if (peek() == '=') {
        pos++;
        value = bareItem();
      }
      params.put(key, value);
    }
    return params;
  }

  private String key() throws StructuredFieldException {
    char first = peek();
    if (!(isLcAlpha(first) || first == '*')) {
      throw error("key must start with a lower-case letter or '*'");
    }
    int start = pos;
    while (pos < in.length() && isKeyChar(in.charAt(pos))) {
      pos++;
    }
    return in.substring(start, pos);
  }

  private Object bareItem() throws StructuredFieldException {
    char c = peek();
    if (c == '-' || isDigit(c)) {
      return number();
    } else if (c == '"') {
      return string();
    } else if (c == ':') {
      return byteSequence();
    } else if (c == '?') {
      return bool();
    } else if (isAlpha(c) || c == '*') {
      return token();
    }
    throw error("expected an item");
  }

  private Object number() throws StructuredFieldException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digitsStart = pos;
    int dot = -1;
    while (pos < in.length() && (isDigit(in.charAt(pos)) || (in.charAt(pos) == '.' && dot < 0))) {
      if (in.charAt(pos) == '.') {
        dot = pos;
      }
      pos++;
      if (pos - digitsStart > (dot < 0 ? 15 : 16)) {
        throw error("number too long");
      }
    }
    String text = in.substring(start, pos);
    if (pos == digitsStart || !isDigit(in.charAt(digitsStart))) {
      throw error("number without digits");
    }
    if (dot < 0) {
      return Long.parseLong(text);
    }
    if (dot - digitsStart > 12 || pos - dot - 1 > 3 || pos - dot - 1 == 0) {
      throw error("decimal must have at most 12 integer and 1 to 3 fraction digits");
    }
    return new BigDecimal(text);
  }

  private String string() throws StructuredFieldException {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (pos < in.length()) {
      char c = in.charAt(pos++);
      if (c == '\\') {
        char next = peek();
        if (next != '"' && next != '\\') {
          throw error("invalid escape in string");
        }
        sb.append(next);
        pos++;
      } else if (c == '"') {
        return sb.toString();
      } else if (c < 0x20 || c > 0x7e) {
        throw error("invalid character in string");
      } else {
        sb.append(c);
      }
    }
    throw error("unterminated string");
  }

  private SfMember.Token token() {
    int start = pos;
    while (pos < in.length() && isTokenChar(in.charAt(pos))) {
      pos++;
    }
    return new SfMember.Token(in.substring(start, pos));
  }

  private Bytes byteSequence() throws StructuredFieldException {
    expect(':');
    int start = pos;
    while (pos < in.length() && isBase64Char(in.charAt(pos))) {
      pos++;
    }
    String b64 = in.substring(start, pos);
    expect(':');
    try {
      return Bytes.of(Base64.getDecoder().decode(b64));
    } catch (IllegalArgumentException e) {
      throw error("invalid base64 in byte sequence");
    }
  }

  private Boolean bool() throws StructuredFieldException {
    expect('?');
    char c = peek();
    if (c != '0' && c != '1') {
      throw error("boolean must be ?0 or ?1");
    }
    pos++;
    return c == '1';
  }

  private void expect(char c) throws StructuredFieldException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  /** The next character, or NUL at the end (NUL never matches anything valid). */
  private char peek() {
    return pos < in.length() ? in.charAt(pos) : '\0';
  }

  private void skipSp() {
    while (pos < in.length() && in.charAt(pos) == ' ') {
      pos++;
    }
  }

  private void skipOws() {
    while (pos < in.length() && (in.charAt(pos) == ' ' || in.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private StructuredFieldException error(String what) {
    return new StructuredFieldException(what + " at offset " + pos);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isAlpha(char c) {
    return isLcAlpha(c) || (c >= 'A' && c <= 'Z');
  }

  private static boolean isKeyChar(char c) {
    return isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*';
  }

  /** tchar (RFC 9110 §5.6.2) plus ':' and '/'. */
  private static boolean isTokenChar(char c) {
    return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
  }

  private static boolean isBase64Char(char c) {
    return isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=';
  }
}

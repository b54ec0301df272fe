package io.dooor.client.auth;

import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as the verifier sees it, independent of any HTTP library.
 *
 * @param method the method exactly as received (case-sensitive, RFC 9421 §2.2.1)
 * @param path the raw absolute path as received, still percent-encoded, without the query (for
 *     example {@code HttpServletRequest.getRequestURI()}); empty means "/"
 * @param query the raw query string without the leading '?', still percent-encoded; empty when the
 *     request has none
 * @param headers field values by name, matched case-insensitively; a name received on several lines
 *     has several values, in order
 * @param body the content as received (after any transfer coding, before any content coding)
 */
public record SignedRequest(
    String method, String path, String query, Map<String, List<String>> headers, Bytes body) {

  public SignedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(body, "body");
    if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
      throw new IllegalArgumentException("path must not contain the query or a fragment: " + path);
    }
    headers = copyCaseInsensitive(headers);
  }

  /** A request whose header fields each have one value. */
  public static SignedRequest of(
      String method, String path, String query, Map<String, String> headers, Bytes body) {
    Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> multi.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    return new SignedRequest(method, path, query, multi, body);
  }

  /**
   * The value of a field: its lines' values, each trimmed of surrounding whitespace, joined by ", "
   * (RFC 9421 §2.1, RFC 9110 §5.3).
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() == 1) {
      return Optional.of(values.get(0).strip());
    }
    StringBuilder sb = new StringBuilder();
    for (String v : values) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(v.strip());
    }
    return Optional.of(sb.toString());
  }

  private static Map<String, List<String>> copyCaseInsensitive(Map<String, List<String>> in) {
    TreeMap<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, List<String>> e : in.entrySet()) {
      out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }
}

package io.dooor.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Every route of the API, with mutated path parameters, queries, bodies and content types. */
final class FuzzRoutes {
  /** One request to send. */
  record Request(String method, String path, String query, String body, String contentType) {
    @Override
    public String toString() {
      String shown =
          body.length() > 200 ? body.substring(0, 200) + "...(" + body.length() + ")" : body;
      return escaped(method + " " + path + "?" + query + " [" + contentType + "] " + shown);
    }

    private static String escaped(String s) {
      StringBuilder b = new StringBuilder();
      s.codePoints()
          .forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : (char) c));
      return b.toString();
    }
  }

  /** A route: method, path with {id} or {w}, and the template body name (null: no body). */
  private record Route(String method, String path, String body) {}

  private static final List<Route> ROUTES =
      List.of(
          new Route("POST", "/v1/nodes", "register"),
          new Route("GET", "/v1/nodes", null),
          new Route("GET", "/v1/nodes/{id}", null),
          new Route("POST", "/v1/nodes/{id}/challenge", null),
          new Route("POST", "/v1/nodes/{id}/attestation", "attest"),
          new Route("POST", "/v1/nodes/{id}/deactivate", "deactivate"),
          new Route("POST", "/v1/nodes/{id}/drain", "drain"),
          new Route("POST", "/v1/nodes/{id}/heartbeat", null),
          new Route("POST", "/v1/nodes/{id}/keys", "keys"),
          new Route("PUT", "/v1/policies/{w}", "policy"),
          new Route("GET", "/v1/policies/{w}", null),
          new Route("POST", "/v1/principals", "grant"),
          new Route("GET", "/v1/events", null),
          new Route("GET", "/v1/proposals", null),
          new Route("GET", "/v1/proposals/{id}", null),
          new Route("POST", "/v1/proposals/{id}/approve", "decision"),
          new Route("POST", "/v1/proposals/{id}/reject", "decision"),
          new Route("GET", "/v1/vetkd/public-key", null),
          new Route("POST", "/v1/vetkd/derive", "derive"),
          new Route("POST", "/v1/sealing-keys", "seal"),
          new Route("GET", "/v1/keyshare/holders", null),
          new Route("POST", "/v1/keyshare/holders", "holders"),
          new Route("GET", "/v1/vetkd/holders", null),
          new Route("GET", "/v1/audit/checkpoint", null),
          new Route("GET", "/v1/audit/entries", null),
          new Route("GET", "/v1/audit/proof/inclusion", null),
          new Route("GET", "/v1/audit/proof/consistency", null),
          new Route("GET", "/v1/audit/tile/0/000", null));

  private static final List<String> IDS =
      List.of(
          "n1",
          "n1",
          "f1",
          "zz",
          "N!",
          "a\nb",
          "\u202e",
          "a".repeat(65),
          ".x",
          "n1\u0000",
          "0123456789abcdef0123456789abcdef");
  private static final List<String> WORKLOADS =
      List.of("w", "w", "x", "a\nOK node.deactivate", "\u2066w", "é".repeat(65), "w ");
  private static final List<String> QUERIES =
      List.of(
          "",
          "from=0&limit=5",
          "from=-1",
          "limit=99999999999999999999",
          "context=app",
          "context=%0A",
          "context=" + "a".repeat(300),
          "index=3&tree_size=2",
          "first=1&second=0",
          "from=1&to=0",
          "size=1",
          "x=%25zz",
          "tree_size=abc");
  private static final List<String> TYPES =
      List.of(
          "text/plain",
          "application/xml",
          "application/x-www-form-urlencoded",
          "application/json; charset=utf-8",
          "APPLICATION/JSON",
          "application/jsonx",
          "");

  private final SplittableRandom rnd;
  private final FuzzBodies bodies;
  private final Map<String, JsonNode> templates;

  FuzzRoutes(SplittableRandom rnd, FuzzBodies bodies, Map<String, JsonNode> templates) {
    this.rnd = rnd;
    this.bodies = bodies;
    this.templates = templates;
  }

  Request next() {
    Route r = bodies.pick(ROUTES);
    String path =
        r.path()
            .replace("{id}", encode(bodies.pick(IDS)))
            .replace("{w}", encode(bodies.pick(WORKLOADS)));
    String query = r.method().equals("GET") ? bodies.pick(QUERIES) : "";
    return new Request(r.method(), path, query, body(r), contentType(r));
  }

  private String body(Route r) {
    if (r.body() == null) {
      return rnd.nextInt(8) == 0 ? bodies.mutate(templates.get("deactivate")) : "";
    }
    JsonNode t = templates.get(r.body());
    return rnd.nextInt(10) == 0 ? t.toString() : bodies.mutate(t);
  }

  private String contentType(Route r) {
    if (rnd.nextInt(8) == 0) {
      String t = bodies.pick(TYPES);
      return t.isEmpty() ? null : t;
    }
    return r.method().equals("GET") ? null : "application/json";
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

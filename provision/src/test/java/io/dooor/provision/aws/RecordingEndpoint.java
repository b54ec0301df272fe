package io.dooor.provision.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A local HTTP endpoint that records every request the AWS SDK sends (EC2's query protocol: a form
 * body with {@code Action}, {@code Version} and the parameters) and answers each action with a
 * canned EC2 XML reply carrying a request id.
 */
final class RecordingEndpoint implements AutoCloseable {
  /** One recorded request: its form parameters and its Authorization header. */
  record Request(Map<String, String> params, String authorization) {}

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();

  RecordingEndpoint(Function<Map<String, String>, String> reply) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Map<String, String> params = form(body);
          synchronized (requests) {
            requests.add(new Request(params, ex.getRequestHeaders().getFirst("Authorization")));
          }
          byte[] out = reply.apply(params).getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
          ex.sendResponseHeaders(200, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new TreeMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

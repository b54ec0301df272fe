package io.dooor.provision;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A local HTTP endpoint that records every request a cloud SDK sends to a REST/JSON API (method,
 * path, query, headers, body) and answers each with what {@code reply} makes of it.
 */
public final class RestRecordingEndpoint implements AutoCloseable {
  /** One recorded request; header names lower case. */
  public record Request(
      String method, String path, String query, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** A reply: status, headers, JSON body. */
  public record Reply(int status, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();

  public RestRecordingEndpoint(Function<Request, Reply> reply) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Map<String, String> headers = new TreeMap<>();
          ex.getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
          Request req =
              new Request(
                  ex.getRequestMethod(),
                  ex.getRequestURI().getRawPath(),
                  ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery(),
                  headers,
                  body);
          synchronized (requests) {
            requests.add(req);
          }
          Reply out = reply.apply(req);
          byte[] bytes = out.body().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
          out.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
          ex.sendResponseHeaders(out.status(), bytes.length == 0 ? -1 : bytes.length);
          if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
          }
          ex.close();
        });
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

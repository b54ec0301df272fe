package io.dooor.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dooor.client.auth.AuthenticatedCaller;
import io.dooor.client.auth.CallerPublicKey;
import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.auth.SignedRequest;
import io.dooor.client.data.ShardGrant;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.NodeId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shard server for server tests only, on the JDK's HttpServer, implementing the agent contract
 * (issue 13): {@code PUT/GET /v1/shards/{blob}/{index}} with a {@code Dooor-Grant} header, the
 * request signed (RFC 9421) by the grantee. Grants are verified under the control plane's key; a
 * PUT is kept only if its SHA-256 is the grant's. {@link #failPuts} refuses the next PUTs with 503
 * (a node failing mid-repair).
 */
final class TestShardServer implements AutoCloseable {
  final NodeId node;
  final Map<String, Bytes> shards = new ConcurrentHashMap<>();
  final AtomicInteger failPuts = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  private final HttpServer server;
  private final CallerPublicKey controlPlane;
  private final RequestVerifier verifier;

  TestShardServer(NodeId node, CallerPublicKey controlPlane) throws IOException {
    this.node = node;
    this.controlPlane = controlPlane;
    this.verifier =
        new RequestVerifier(Clock.systemUTC(), new InMemoryNonceRegistry(Clock.systemUTC()));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/shards/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getRawPath();
      String[] parts = path.split("/");
      String key = parts[3] + "/" + parts[4];
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
      String method = ex.getRequestMethod();
      ShardGrant grant;
      try {
        AuthenticatedCaller caller =
            verifier.verify(SignedRequest.of(method, path, "", headers, Bytes.of(body)));
        ShardGrant.Op op = method.equals("PUT") ? ShardGrant.Op.PUT : ShardGrant.Op.GET;
        grant =
            ShardGrant.parse(headers.getOrDefault("Dooor-Grant", ""))
                .verify(controlPlane, java.time.Instant.now(), op, node, caller.principal());
      } catch (Exception e) {
        refused.incrementAndGet();
        reply(ex, 403, new byte[0]);
        return;
      }
      if (!key.equals(grant.blob() + "/" + grant.shard().index())) {
        reply(ex, 403, new byte[0]);
      } else if (method.equals("PUT")) {
        put(ex, key, grant, body);
      } else {
        Bytes b = shards.get(key);
        reply(ex, b == null ? 404 : 200, b == null ? new byte[0] : b.toArray());
      }
    }
  }

  private void put(HttpExchange ex, String key, ShardGrant grant, byte[] body) throws IOException {
    if (failPuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      reply(ex, 503, new byte[0]);
    } else if (!Digests.sha256(body).equals(grant.shard().sha256())) {
      reply(ex, 422, new byte[0]);
    } else {
      shards.put(key, Bytes.of(body));
      reply(ex, 204, new byte[0]);
    }
  }

  private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
  }

  List<String> keys() {
    return List.copyOf(shards.keySet());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

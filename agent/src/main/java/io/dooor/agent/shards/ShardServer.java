package io.dooor.agent.shards;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dooor.agent.run.AgentLog;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.AuthenticatedCaller;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.auth.SignedRequest;
import io.dooor.client.data.ShardGrant;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The agent's shard endpoint on the JDK's HTTP server: {@code PUT} and {@code GET
 * /v1/shards/{blobId}/{index}}, each signed by its caller (RFC 9421) and carrying a {@code
 * Dooor-Grant} from the control plane for that shard, this node, that operation and that caller. A
 * PUT is stored (see {@link ShardStore}) only with the hash its grant names, then reported to the
 * control plane; a GET streams the file. Every refusal is a problem+json (RFC 9457) naming the
 * field, and a log line. Nothing is buffered beyond one block per request.
 */
@SuppressForbidden("com.sun.net.httpserver is the JDK's supported HTTP server (jdk.httpserver)")
public final class ShardServer implements AutoCloseable {
  /** The request header that carries the grant. */
  public static final String GRANT_HEADER = "Dooor-Grant";

  static final int MAX_GRANT_CHARS = 4096;

  /** Told when a shard was stored, so that the control plane marks it STORED. */
  public interface StoredListener {
    void stored(ShardAddress at) throws IOException;
  }

  private final HttpServer http;
  private final ExecutorService threads;
  private final ShardStore store;
  private final ShardGrants grants;
  private final RequestVerifier verifier;
  private final StoredListener listener;
  private final AgentLog log;

  private ShardServer(
      HttpServer http,
      ShardStore store,
      ShardGrants grants,
      RequestVerifier verifier,
      StoredListener listener,
      AgentLog log) {
    this.http = http;
    this.threads = Executors.newFixedThreadPool(8);
    this.store = store;
    this.grants = grants;
    this.verifier = verifier;
    this.listener = listener;
    this.log = log;
  }

  /** Binds {@code listen} (port 0: any free port) and starts serving. */
  public static ShardServer start(
      InetSocketAddress listen,
      ShardStore store,
      ShardGrants grants,
      RequestVerifier verifier,
      StoredListener listener,
      AgentLog log)
      throws IOException {
    HttpServer http = HttpServer.create(listen, 64);
    ShardServer server = new ShardServer(http, store, grants, verifier, listener, log);
    http.createContext("/", server::handle);
    http.setExecutor(server.threads);
    http.start();
    return server;
  }

  /** The bound address (with the port chosen when 0 was asked). */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      try {
        ShardAddress at = ShardAddress.parsePath(ex.getRequestURI().getRawPath());
        if (ex.getRequestURI().getRawQuery() != null) {
          throw new ShardRequestException(400, "unexpected-query", "query", "no query is taken");
        }
        switch (ex.getRequestMethod()) {
          case "PUT" -> put(ex, at);
          case "GET" -> get(ex, at);
          default ->
              throw new ShardRequestException(
                  405, "method-not-allowed", "method", "only PUT and GET are served here");
        }
      } catch (ShardRequestException e) {
        refuse(ex, e);
      } catch (IOException | RuntimeException e) {
        log.warn(
            "shard.failed",
            "path",
            ex.getRequestURI().getRawPath(),
            "problem",
            e.getClass().getSimpleName());
        refuse(ex, new ShardRequestException(500, "internal", "", "the shard store failed"));
      }
    }
  }

  private void put(HttpExchange ex, ShardAddress at) throws IOException, ShardRequestException {
    ShardGrant claim = claim(ex, at, ShardGrant.Op.PUT);
    AuthenticatedCaller caller = authenticate(ex, "PUT", claim.shard().sha256());
    grants.verify(claim, ShardGrant.Op.PUT, caller.principal());
    ShardStore.Outcome outcome;
    try (InputStream body = ex.getRequestBody()) {
      outcome = store.put(at, claim.shard().sha256(), body);
    }
    try {
      if (!grants.isControlPlane(caller.principal())) {
        listener.stored(at);
      }
    } catch (IOException e) {
      throw new ShardRequestException(
          502,
          "report-failed",
          "controlPlane",
          "stored, but the control plane was not told: " + e.getMessage());
    }
    log.info(
        "shard.stored",
        "blob",
        at.blobId(),
        "index",
        at.index(),
        "by",
        caller.principal(),
        "outcome",
        outcome);
    byte[] json =
        Json.write(
            Map.of(
                "blobId",
                at.blobId().toString(),
                "index",
                at.index(),
                "sha256",
                claim.shard().sha256().hex(),
                "outcome",
                outcome.name()));
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(outcome == ShardStore.Outcome.STORED ? 201 : 200, json.length);
    ex.getResponseBody().write(json);
  }

  private void get(HttpExchange ex, ShardAddress at) throws IOException, ShardRequestException {
    ShardGrant claim = claim(ex, at, ShardGrant.Op.GET);
    drain(ex.getRequestBody());
    AuthenticatedCaller caller = authenticate(ex, "GET", null);
    grants.verify(claim, ShardGrant.Op.GET, caller.principal());
    Path file =
        store
            .find(at)
            .orElseThrow(
                () ->
                    new ShardRequestException(
                        404,
                        "shard-not-held",
                        "index",
                        "this node holds no shard " + at.index() + " of blob " + at.blobId()));
    log.info("shard.served", "blob", at.blobId(), "index", at.index(), "to", caller.principal());
    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
    ex.sendResponseHeaders(200, Files.size(file));
    try (InputStream in = Files.newInputStream(file);
        OutputStream out = ex.getResponseBody()) {
      in.transferTo(out);
    }
  }

  /** The grant of the request, parsed, for this shard and operation. */
  private ShardGrant claim(HttpExchange ex, ShardAddress at, ShardGrant.Op op)
      throws ShardRequestException {
    List<String> values = ex.getRequestHeaders().get(GRANT_HEADER);
    if (values == null || values.size() != 1 || values.get(0).isBlank()) {
      throw new ShardRequestException(
          400, "missing-grant", GRANT_HEADER, "one " + GRANT_HEADER + " header is required");
    }
    String text = values.get(0).strip();
    if (text.length() > MAX_GRANT_CHARS) {
      throw new ShardRequestException(
          400, "malformed-grant", GRANT_HEADER, "longer than " + MAX_GRANT_CHARS + " characters");
    }
    ShardGrant claim = grants.parse(text);
    if (claim.op() != op) {
      throw ShardGrants.refused("the grant is for " + claim.op() + ", not " + op);
    }
    if (!claim.blob().equals(at.blobId()) || claim.shard().index() != at.index()) {
      throw ShardGrants.refused(
          "the grant is for blob " + claim.blob() + " shard " + claim.shard().index());
    }
    return claim;
  }

  /** The signer of the request; a PUT's Content-Digest must be {@code bodySha256}. */
  private AuthenticatedCaller authenticate(HttpExchange ex, String method, Bytes bodySha256)
      throws ShardRequestException {
    URI uri = ex.getRequestURI();
    SignedRequest req =
        new SignedRequest(
            method, uri.getRawPath(), "", ex.getRequestHeaders(), Bytes.of(new byte[0]));
    try {
      return bodySha256 == null ? verifier.verify(req) : verifier.verifyStreamed(req, bodySha256);
    } catch (AuthException e) {
      throw new ShardRequestException(
          401, "unauthenticated", "Signature", e.reason() + ": " + e.getMessage());
    }
  }

  private static void drain(InputStream body) throws IOException, ShardRequestException {
    try (body) {
      if (body.read() >= 0) {
        throw new ShardRequestException(400, "unexpected-body", "body", "a GET carries no body");
      }
    }
  }

  private void refuse(HttpExchange ex, ShardRequestException e) throws IOException {
    log.warn(
        "shard.refused",
        "path",
        ex.getRequestURI().getRawPath(),
        "method",
        ex.getRequestMethod(),
        "status",
        e.status(),
        "code",
        e.code(),
        "field",
        e.field(),
        "remote",
        ex.getRemoteAddress());
    byte[] json =
        Json.write(
            new Dto.Problem(
                "https://dooor.dev/problems/" + e.code(),
                e.code(),
                e.status(),
                e.getMessage(),
                e.code(),
                e.field().isEmpty() ? null : e.field(),
                List.of()));
    ex.getResponseHeaders().set("Content-Type", "application/problem+json");
    ex.sendResponseHeaders(e.status(), json.length);
    ex.getResponseBody().write(json);
  }
}

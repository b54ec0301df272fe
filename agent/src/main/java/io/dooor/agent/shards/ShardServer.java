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
 *
 * <p>A refusal is answered only after the rest of the request body is read (up to {@link
 * #DISCARD_LIMIT}): closing a connection with bytes unread makes the kernel reset it, and the reset
 * can destroy the answer before the client reads it. A body longer than that is refused with {@code
 * Connection: close}.
 */
@SuppressForbidden("com.sun.net.httpserver is the JDK's supported HTTP server (jdk.httpserver)")
public final class ShardServer implements AutoCloseable {
  /** The request header that carries the grant. */
  public static final String GRANT_HEADER = "Dooor-Grant";

  static final int MAX_GRANT_CHARS = 4096;

  /** The largest shard taken by default: 64 GiB (a 1 TiB blob needs k of at least 16). */
  public static final long DEFAULT_MAX_SHARD_BYTES = 64L << 30;

  /** How much of a refused request's body is read and dropped so that the refusal arrives. */
  static final long DISCARD_LIMIT = 64L << 20;

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
  private final long maxShardBytes;

  private ShardServer(
      HttpServer http,
      ShardStore store,
      ShardGrants grants,
      RequestVerifier verifier,
      StoredListener listener,
      AgentLog log,
      long maxShardBytes) {
    this.http = http;
    this.threads = Executors.newFixedThreadPool(8);
    this.store = store;
    this.grants = grants;
    this.verifier = verifier;
    this.listener = listener;
    this.log = log;
    this.maxShardBytes = maxShardBytes;
  }

  /** Binds {@code listen} (port 0: any free port) and starts serving shards up to 64 GiB. */
  public static ShardServer start(
      InetSocketAddress listen,
      ShardStore store,
      ShardGrants grants,
      RequestVerifier verifier,
      StoredListener listener,
      AgentLog log)
      throws IOException {
    return start(listen, store, grants, verifier, listener, log, DEFAULT_MAX_SHARD_BYTES);
  }

  /** Binds {@code listen} and serves shards of at most {@code maxShardBytes}. */
  public static ShardServer start(
      InetSocketAddress listen,
      ShardStore store,
      ShardGrants grants,
      RequestVerifier verifier,
      StoredListener listener,
      AgentLog log,
      long maxShardBytes)
      throws IOException {
    if (maxShardBytes < 1) {
      throw new IllegalArgumentException("maxShardBytes must be positive: " + maxShardBytes);
    }
    HttpServer http = HttpServer.create(listen, 64);
    ShardServer server =
        new ShardServer(http, store, grants, verifier, listener, log, maxShardBytes);
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
    long declared = declaredLength(ex);
    if (declared > maxShardBytes) {
      throw tooLarge();
    }
    ShardStore.Outcome outcome;
    try {
      outcome = store.put(at, claim.shard().sha256(), new BoundedBody(ex.getRequestBody()));
    } catch (BoundedBody.TooLong e) {
      throw tooLarge();
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

  private ShardRequestException tooLarge() {
    return new ShardRequestException(
        413,
        "shard-too-large",
        "Content-Length",
        "this node takes shards of at most " + maxShardBytes + " bytes");
  }

  /** The request's Content-Length, or -1 when it has none (chunked) or it is not a number. */
  private static long declaredLength(HttpExchange ex) {
    String text = ex.getRequestHeaders().getFirst("Content-Length");
    if (text == null) {
      return -1;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The body the store may read: {@code maxShardBytes} and no more. */
  private final class BoundedBody extends java.io.FilterInputStream {
    private long left = maxShardBytes;

    BoundedBody(InputStream in) {
      super(in);
    }

    /** The body went past the limit. */
    static final class TooLong extends IOException {
      private static final long serialVersionUID = 1L;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, (int) Math.min(len, left + 1));
      if (n > 0) {
        left -= n;
        if (left < 0) {
          throw new TooLong();
        }
      }
      return n;
    }

    @Override
    public void close() {
      // the exchange closes the body, after a refusal has read what is left of it
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
    if (body.read() >= 0) {
      throw new ShardRequestException(400, "unexpected-body", "body", "a GET carries no body");
    }
  }

  /**
   * Reads and drops what is left of the request body, up to {@link #DISCARD_LIMIT}; false when more
   * is left (or declared) or the client stopped sending, so the connection must close.
   */
  private static boolean discardBody(HttpExchange ex) {
    if (declaredLength(ex) > DISCARD_LIMIT) {
      return false;
    }
    byte[] buf = new byte[64 << 10];
    long left = DISCARD_LIMIT;
    try {
      InputStream body = ex.getRequestBody();
      for (int n; (n = body.read(buf, 0, (int) Math.min(buf.length, left + 1))) >= 0; ) {
        left -= n;
        if (left < 0) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
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
    if (!discardBody(ex)) {
      ex.getResponseHeaders().set("Connection", "close");
    }
    ex.sendResponseHeaders(e.status(), json.length);
    ex.getResponseBody().write(json);
  }
}

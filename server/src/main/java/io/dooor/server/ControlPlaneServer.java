package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Refusal;
import io.dooor.http.JettyProblems;
import io.dooor.http.MediaTypes;
import io.dooor.http.Replies;
import io.dooor.server.internal.Problems;
import io.dooor.server.internal.RefusalRecorder;
import io.dooor.server.internal.RequestAuthenticator;
import io.dooor.server.internal.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's HTTP/JSON API under /v1: every request but health, OpenAPI, metrics and a
 * module's public paths (the audit log's checkpoints and hash tiles) is signed (RFC 9421) and
 * refused with RFC 9457 problem+json when it is not; every refusal is recorded at this edge, once
 * ({@link RefusalRecorder}); unauthenticated ones are counted per {@link #REFUSAL_WINDOW}.
 */
public final class ControlPlaneServer implements AutoCloseable {
  /** Largest accepted request body. */
  public static final long MAX_BODY = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneServer.class);
  private static final Set<String> OPEN = Set.of("/v1/health", "/v1/openapi.json", "/metrics");

  /**
   * Largest request line plus headers Jetty reads; a 64 KiB path fits, and is refused (401 unless
   * signed) and recorded by our edge. Beyond it Jetty refuses (414, 431), as problem+json and
   * recorded too ({@link JettyProblems}, counted as unauthenticated).
   */
  public static final int MAX_REQUEST_HEAD = 96 * 1024;

  /** How long unauthenticated refusals are counted before their summary is recorded. */
  public static final Duration REFUSAL_WINDOW = Duration.ofSeconds(10);

  private final ControlPlane plane;
  private final RequestAuthenticator auth;
  private final RefusalRecorder refusals;
  private final ControlPlaneMetrics metrics;
  private final Javalin app;
  private final List<RouteModule> modules;

  public ControlPlaneServer(
      ControlPlane plane, RequestAuthenticator auth, List<RouteModule> extra) {
    this(plane, auth, extra, new ControlPlaneMetrics());
  }

  /** As above, counting into {@code metrics}, which {@code GET /metrics} serves. */
  public ControlPlaneServer(
      ControlPlane plane,
      RequestAuthenticator auth,
      List<RouteModule> extra,
      ControlPlaneMetrics metrics) {
    this.plane = plane;
    this.metrics = metrics;
    this.auth = auth;
    this.modules = List.copyOf(extra);
    this.refusals = new RefusalRecorder(plane.store(), plane.clock(), REFUSAL_WINDOW);
    Routes routes = new Routes(plane);
    this.app =
        Javalin.create(
            config -> {
              config.http.maxRequestSize = MAX_BODY;
              config.jetty.modifyHttpConfiguration(
                  http -> http.setRequestHeaderSize(MAX_REQUEST_HEAD));
              config.jetty.modifyServer(
                  server -> server.setErrorHandler(new JettyProblems(this::refusedByJetty)));
              config.startup.showJavalinBanner = false;
              config.routes.before(this::authenticate);
              config.routes.get(
                  "/v1/health", ctx -> Replies.json(ctx, 200, Map.of("status", "ok")));
              config.routes.get("/v1/openapi.json", this::openapi);
              config.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType(ControlPlaneMetrics.contentType()).result(metrics.scrape()));
              config.requestLogger.http(this::answered);
              routes.register(config.routes);
              extra.forEach(m -> m.register(config.routes));
              config.routes.exception(
                  ApiProblem.class, (p, ctx) -> refuse(ctx, p, Optional.empty()));
              config.routes.exception(
                  ControlPlaneException.class,
                  (e, ctx) -> {
                    if (Problems.isStoreFault(e)) {
                      metrics.storeError("request");
                    }
                    refuse(ctx, Problems.of(e), e.refusal());
                  });
              config.routes.exception(Exception.class, this::onError);
              config.routes.error(404, Replies::notFound);
              config.routes.error(500, Replies::internalError);
              config.routes.error(413, ctx -> Replies.tooLarge(ctx, MAX_BODY));
            });
  }

  /** Starts listening on {@code host}:{@code port} (0 picks a free port). */
  public ControlPlaneServer start(String host, int port) {
    app.start(host, port);
    bindJettyMeters(app.jettyServer().server());
    return this;
  }

  /**
   * Micrometer's Jetty binders: the request thread pool ({@code jetty_threads_*}) and every
   * connector's connections ({@code jetty_connections_*}: open, max, duration, bytes, messages).
   * Bound after start, when the connectors exist; connections opened from then on are counted.
   */
  private void bindJettyMeters(org.eclipse.jetty.server.Server server) {
    new io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics(
            server.getThreadPool(), java.util.List.of())
        .bindTo(metrics.registry());
    io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics.addToAllConnectors(
        server, metrics.registry());
  }

  public int port() {
    return app.port();
  }

  public ControlPlane plane() {
    return plane;
  }

  /** Records the summary of unauthenticated refusals if its window has closed (call often). */
  public void flushRefusals() {
    refusals.flushIfDue();
  }

  /** Stops serving, then records the summary of the open refusal window. */
  @Override
  public void close() {
    app.stop();
    refusals.close();
  }

  private void authenticate(Context ctx) throws ApiProblem {
    String path = ctx.path();
    if (OPEN.contains(path) || (unsigned(ctx) && isPublic(path))) {
      return;
    }
    if (ctx.contentLength() > MAX_BODY) {
      throw Replies.tooLargeProblem(MAX_BODY);
    }
    Map<String, String> headers = new HashMap<>();
    ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    String query = ctx.queryString() == null ? "" : ctx.queryString();
    Caller caller = auth.authenticate(ctx.method().name(), path, query, headers, ctx.bodyAsBytes());
    ctx.attribute(Routes.CALLER, caller);
    MediaTypes.require(ctx, MediaTypes.JSON);
  }

  /** Every answered request, timed by method, route template (never the raw path) and status. */
  private void answered(Context ctx, Float millis) {
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    String route = matched == null ? ControlPlaneMetrics.UNMATCHED : matched.path;
    metrics.request(
        ctx.method().name(), route, ctx.status().getCode(), (long) (millis * 1_000_000.0));
  }

  /** A request to a module's public path is served unsigned; a signed one is authenticated. */
  private boolean isPublic(String path) {
    return modules.stream().anyMatch(m -> m.isPublic(path));
  }

  private static boolean unsigned(Context ctx) {
    return ctx.header("Signature") == null && ctx.header("Signature-Input") == null;
  }

  /**
   * The edge filter: every refused request is recorded once (by {@link RefusalRecorder}), then
   * answered with its problem. {@code what} names the refused operation if one was reached;
   * otherwise a route may have named it ({@link Routes#ABOUT}).
   */
  private void refuse(Context ctx, ApiProblem p, Optional<Refusal> what) {
    Optional<Refusal> about = what.or(() -> Optional.ofNullable(ctx.attribute(Routes.ABOUT)));
    Optional<Caller> caller = Optional.ofNullable(ctx.attribute(Routes.CALLER));
    refusals.refused(caller, ctx.method().name(), ctx.path(), p, about);
    metrics.refused(p.code(), p.status());
    Replies.problem(ctx, p);
  }

  /** A request Jetty refused before any route: unauthenticated, so counted per window. */
  private void refusedByJetty(String method, String path, ApiProblem p) {
    refusals.refused(Optional.empty(), method, path, p, Optional.empty());
    metrics.refused(p.code(), p.status());
  }

  /** A module's exception by the one table (server faults logged), anything else 500. */
  private void onError(Exception e, Context ctx) {
    ApiProblem p = Problems.of(e);
    if (Problems.isStoreFault(e)) {
      metrics.storeError("request");
    }
    if (p.status() >= 500) {
      LOG.error("{} on {} {}", p.code(), ctx.method(), ctx.path(), e);
    }
    Replies.problem(ctx, p);
  }

  private void openapi(Context ctx) throws IOException {
    try (InputStream in = ControlPlaneServer.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IOException("openapi.json missing from the server jar");
      }
      ctx.contentType("application/json").result(in.readAllBytes());
    }
  }
}

package io.dooor.server.witness;

import io.dooor.audit.Witness;
import io.dooor.audit.WitnessException;
import io.dooor.client.ApiProblem;
import io.dooor.http.JettyProblems;
import io.dooor.http.Replies;
import io.dooor.server.internal.Problems;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge of a {@link Witness} (C2SP tlog-witness): {@code POST /add-checkpoint} answers 200
 * with the cosignature line, or the spec's status for each refusal, as problem+json from the one
 * error table (400 malformed or old size beyond the checkpoint, 403 not signed by the log, 404
 * unknown log, 409 fork at the same size, 422 proof does not verify), except that an old size that
 * is not the latest cosigned one is 409 with {@code Content-Type: text/x.tlog.size} and that size
 * as the body, as the spec requires. Requests are not authenticated (the spec authenticates the
 * checkpoint's signature only); every refusal is logged, naming the reason, since one may be
 * evidence of a log's misbehaviour.
 */
public final class WitnessServer implements AutoCloseable {
  /** The submission path under the witness's prefix. */
  public static final String ADD_CHECKPOINT = "/add-checkpoint";

  /** Largest request body read. */
  public static final long MAX_BODY = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(WitnessServer.class);
  private final Witness witness;
  private final Consumer<String> events;
  private final Javalin app;

  /**
   * @param events told one line per request (cosigned or refused, with the reason), for the log
   */
  public WitnessServer(Witness witness, Consumer<String> events) {
    this.witness = witness;
    this.events = events;
    this.app =
        Javalin.create(
            config -> {
              config.http.maxRequestSize = MAX_BODY;
              config.startup.showJavalinBanner = false;
              config.jetty.modifyServer(
                  s -> s.setErrorHandler(new JettyProblems((m, p, problem) -> {})));
              config.routes.post(ADD_CHECKPOINT, this::addCheckpoint);
              config.routes.exception(WitnessException.class, this::refused);
              config.routes.exception(Exception.class, this::failed);
              config.routes.error(404, Replies::notFound);
              config.routes.error(500, Replies::internalError);
              config.routes.error(413, ctx -> Replies.tooLarge(ctx, MAX_BODY));
            });
  }

  /** Starts listening on {@code host}:{@code port} (0: any free port). */
  public WitnessServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  private void addCheckpoint(Context ctx) throws WitnessException {
    if (ctx.contentLength() > MAX_BODY) {
      throw new WitnessException(
          WitnessException.Reason.MALFORMED_REQUEST, "body longer than " + MAX_BODY + " bytes");
    }
    String line = witness.addCheckpoint(ctx.bodyAsBytes());
    events.accept("cosigned " + line.strip());
    ctx.status(200).contentType("text/plain; charset=utf-8");
    ctx.result(line.getBytes(StandardCharsets.UTF_8));
  }

  private void refused(WitnessException e, Context ctx) {
    ApiProblem p = Problems.of(e);
    events.accept("refused " + p.status() + " " + p.code() + ": " + e.getMessage());
    if (e.reason() == WitnessException.Reason.OLD_SIZE_MISMATCH) {
      ctx.status(409).contentType("text/x.tlog.size");
      ctx.result((e.latestSize() + "\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (p.status() >= 500) {
      LOG.error("witness state failed", e);
    }
    Replies.problem(ctx, p);
  }

  private void failed(Exception e, Context ctx) {
    LOG.error("witness request failed", e);
    Replies.problem(ctx, Problems.of(e));
  }

  @Override
  public void close() {
    app.stop();
  }
}

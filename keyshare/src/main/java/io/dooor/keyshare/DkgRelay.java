package io.dooor.keyshare;

import io.dooor.client.ApiProblem;
import io.dooor.common.Bytes;
import io.dooor.http.JettyProblems;
import io.dooor.http.Replies;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.DkgBoard;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay of a distributed key generation ({@code dooor keyshare dkg-relay}): a broadcast board
 * through which the n holder processes ({@code dooor keyshare dkg}, {@link DkgParticipant})
 * exchange their four rounds: public keys, dealings, complaints, answers. It never sees a secret:
 * sub-shares are encrypted end to end to their holders, everything else is public and signed by its
 * holder (dealings, complaints, answers). It does not parse what it relays; holders parse every
 * board ({@link DkgBoard#parse}) and every entry.
 *
 * <p>{@code POST /v1/dkg/{round}/{index}} posts holder index's entry for the round (once: the same
 * bytes again are accepted, other bytes refused with 409); {@code GET /v1/dkg/{round}} answers 202
 * while the round is open and, once every holder posted or the round timeout passed since the
 * previous round closed (for the first round: since the first key was posted), 200 with the closed
 * board, the same bytes for everyone. A round closed without some holders leaves them out (a
 * missing dealer is simply not qualified). What it trusts: the relay can withhold entries or show
 * different boards to different holders; holders detect the latter by comparing the transcript
 * digest they print, and the former excludes a holder (it cannot make holders accept a key any t of
 * them do not share).
 */
public final class DkgRelay implements AutoCloseable {
  /** The round names in order; the index in this list is the board's round number. */
  public static final List<String> ROUNDS = List.of("keys", "dealings", "complaints", "answers");

  /** The route prefix. */
  public static final String PATH = "/v1/dkg/";

  private final int holders;
  private final Duration timeout;
  private final Clock clock;
  private final List<Map<Integer, Bytes>> posted = new ArrayList<>();
  private final Bytes[] closed = new Bytes[ROUNDS.size()];
  private final Instant[] opened = new Instant[ROUNDS.size()];
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final Javalin app;

  private DkgRelay(int holders, Duration timeout, Clock clock) {
    this.holders = holders;
    this.timeout = timeout;
    this.clock = clock;
    ROUNDS.forEach(r -> posted.add(new TreeMap<>()));
    this.app =
        Javalin.create(
            config -> {
              config.http.maxRequestSize = DkgBoard.MAX_ENTRY;
              config.startup.showJavalinBanner = false;
              config.jetty.modifyServer(
                  server -> server.setErrorHandler(new JettyProblems((m, p, problem) -> {})));
              config.routes.post(PATH + "{round}/{index}", this::post);
              config.routes.get(PATH + "{round}", this::board);
              config.routes.exception(ApiProblem.class, (p, ctx) -> Replies.problem(ctx, p));
              config.routes.error(404, Replies::notFound);
              config.routes.error(500, Replies::internalError);
              config.routes.error(413, ctx -> Replies.tooLarge(ctx, DkgBoard.MAX_ENTRY));
            });
  }

  /** A relay for {@code holders} holders, each round closing after {@code timeout} at most. */
  public static DkgRelay create(int holders, Duration timeout, Clock clock) {
    if (holders < 1 || holders > 255) {
      throw new IllegalArgumentException("holders must be 1..255, got " + holders);
    }
    return new DkgRelay(holders, timeout, clock);
  }

  public DkgRelay start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  /** Bytes received in posts and sent in boards so far. */
  public long bytesExchanged() {
    return bytesIn.get() + bytesOut.get();
  }

  private void post(Context ctx) throws ApiProblem {
    int round = round(ctx);
    int index = index(ctx);
    Bytes body = Bytes.of(ctx.bodyAsBytes());
    if (body.length() > DkgBoard.MAX_ENTRY) {
      throw Replies.tooLargeProblem(DkgBoard.MAX_ENTRY);
    }
    synchronized (this) {
      if (opened[0] == null) {
        opened[0] = clock.instant(); // the first key posted opens the generation
      }
      closeIfDue();
      if (round > 0 && closed[round - 1] == null) {
        throw new ApiProblem(
            409,
            "round-not-open",
            "round " + ROUNDS.get(round) + " is not open yet",
            "round",
            List.of());
      }
      if (closed[round] != null) {
        throw new ApiProblem(
            409, "round-closed", "round " + ROUNDS.get(round) + " is closed", "round", List.of());
      }
      Bytes before = posted.get(round).putIfAbsent(index, body);
      if (before != null && !before.equals(body)) {
        throw new ApiProblem(
            409,
            "already-posted",
            "holder " + index + " already posted other bytes in round " + ROUNDS.get(round),
            "index",
            List.of());
      }
      bytesIn.addAndGet(body.length());
      closeIfDue();
    }
    Replies.json(ctx, 200, Map.of("round", ROUNDS.get(round), "index", index));
  }

  private void board(Context ctx) throws ApiProblem {
    int round = round(ctx);
    Bytes board;
    synchronized (this) {
      closeIfDue();
      board = closed[round];
      if (board == null) {
        Replies.json(
            ctx, 202, Map.of("round", ROUNDS.get(round), "posted", posted.get(round).keySet()));
        return;
      }
    }
    bytesOut.addAndGet(board.length());
    ctx.status(200).contentType("application/octet-stream").result(board.toArray());
  }

  /** Closes the open round if every holder posted or its timeout passed (caller holds the lock). */
  private void closeIfDue() {
    for (int r = 0; r < ROUNDS.size(); r++) {
      if (closed[r] != null) {
        continue;
      }
      if (opened[r] == null) {
        return;
      }
      boolean due = !clock.instant().isBefore(opened[r].plus(timeout));
      if (posted.get(r).size() < holders && !due) {
        return;
      }
      try {
        closed[r] = DkgBoard.of(r, holders, posted.get(r)).toBytes();
      } catch (VetKdException e) {
        throw new IllegalStateException(e);
      }
      if (r + 1 < ROUNDS.size()) {
        opened[r + 1] = clock.instant();
      }
    }
  }

  private static int round(Context ctx) throws ApiProblem {
    int r = ROUNDS.indexOf(ctx.pathParam("round"));
    if (r < 0) {
      throw ApiProblem.badField("round", "round must be one of " + ROUNDS);
    }
    return r;
  }

  private int index(Context ctx) throws ApiProblem {
    try {
      int i = Integer.parseInt(ctx.pathParam("index"));
      if (i >= 1 && i <= holders) {
        return i;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw ApiProblem.badField("index", "index must be a holder 1.." + holders);
  }

  @Override
  public void close() {
    app.stop();
  }
}

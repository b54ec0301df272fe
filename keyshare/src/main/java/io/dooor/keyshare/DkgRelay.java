package io.dooor.keyshare;

import io.dooor.client.ApiProblem;
import io.dooor.common.Bytes;
import io.dooor.common.crypto.Ed25519PublicKey;
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
import java.util.function.Consumer;

/**
 * The relay of a distributed key generation ({@code dooor keyshare dkg-relay}): a broadcast board
 * through which the n holder processes ({@code dooor keyshare dkg}, {@link DkgParticipant})
 * exchange their four rounds: public keys, dealings, complaints, answers. It never sees a secret:
 * sub-shares are encrypted end to end to their holders, everything else is public and signed by its
 * holder (dealings, complaints, answers). It does not parse what it relays; holders parse every
 * board ({@link DkgBoard#parse}) and every entry.
 *
 * <p>{@code POST /v1/dkg/{round}/{index}} posts holder index's entry for the round (once: the same
 * bytes again are accepted, other bytes refused with 409), signed by that holder's identity key
 * ({@link DkgIdentities}): header {@value #RUN_HEADER} names the run and {@value #SIGNATURE_HEADER}
 * carries the base64 Ed25519 signature over {@link DkgIdentities#signedMessage}. A post without
 * them is refused with 401, one for another run or whose signature does not verify under the
 * holder's roster key with 403; the slot stays free and the refusal goes to the relay's log. The
 * board relays each entry as signature (64 bytes) || body, so that holders check every signer
 * again. {@code GET /v1/dkg/{round}} answers 202 while the round is open and, once every holder
 * posted or the round timeout passed since the previous round closed (for the first round: since
 * the first key was posted), 200 with the closed board, the same bytes for everyone. A round closed
 * without some holders leaves them out (a missing dealer is simply not qualified). What it trusts:
 * the relay can withhold entries or show different boards to different holders; holders detect the
 * latter by comparing the transcript digest they print, and the former excludes a holder (it cannot
 * make holders accept a key any t of them do not share).
 */
public final class DkgRelay implements AutoCloseable {
  /** The round names in order; the index in this list is the board's round number. */
  public static final List<String> ROUNDS = List.of("keys", "dealings", "complaints", "answers");

  /** The route prefix. */
  public static final String PATH = "/v1/dkg/";

  /** The header naming the run a post is signed for. */
  public static final String RUN_HEADER = "Dooor-Dkg-Run";

  /** The header carrying the base64 signature of a post. */
  public static final String SIGNATURE_HEADER = "Dooor-Dkg-Signature";

  private final DkgIdentities identities;
  private final String run;
  private final Consumer<String> log;
  private final int holders;
  private final Duration timeout;
  private final Clock clock;
  private final List<Map<Integer, Bytes>> posted = new ArrayList<>();
  private final Bytes[] closed = new Bytes[ROUNDS.size()];
  private final Instant[] opened = new Instant[ROUNDS.size()];
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final Javalin app;

  private DkgRelay(
      DkgIdentities identities, String run, Duration timeout, Clock clock, Consumer<String> log) {
    this.identities = identities;
    this.run = run;
    this.log = log;
    this.holders = identities.holders();
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

  /**
   * A relay for run {@code run} of the holders in {@code identities}, each round closing after
   * {@code timeout} at most; every refused post is described to {@code log}.
   */
  public static DkgRelay create(
      DkgIdentities identities, String run, Duration timeout, Clock clock, Consumer<String> log) {
    if (!DkgIdentities.RUN.matcher(run).matches()) {
      throw new IllegalArgumentException("run id must match " + DkgIdentities.RUN.pattern());
    }
    return new DkgRelay(identities, run, timeout, clock, log);
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
    if (body.length() > DkgBoard.MAX_ENTRY - Ed25519PublicKey.SIGNATURE_LENGTH) {
      throw Replies.tooLargeProblem(DkgBoard.MAX_ENTRY - Ed25519PublicKey.SIGNATURE_LENGTH);
    }
    Bytes entry = authenticated(ctx, round, index, body);
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
      Bytes before = posted.get(round).putIfAbsent(index, entry);
      if (before != null && !before.equals(entry)) {
        throw new ApiProblem(
            409,
            "already-posted",
            "holder " + index + " already posted other bytes in round " + ROUNDS.get(round),
            "index",
            List.of());
      }
      bytesIn.addAndGet(entry.length());
      closeIfDue();
    }
    Replies.json(ctx, 200, Map.of("round", ROUNDS.get(round), "index", index));
  }

  /**
   * The entry to relay, signature || body, once the post's signature verifies under holder {@code
   * index}'s roster key for this run and round; otherwise refused (401 unsigned, 403 another run or
   * a wrong signer), logged, and nothing posted.
   */
  private Bytes authenticated(Context ctx, int round, int index, Bytes body) throws ApiProblem {
    String postRun = ctx.header(RUN_HEADER);
    String sig = ctx.header(SIGNATURE_HEADER);
    if (postRun == null || sig == null) {
      throw refused(
          401,
          "unauthenticated",
          (postRun == null ? RUN_HEADER : SIGNATURE_HEADER),
          "a post must be signed by its holder's identity key (headers "
              + RUN_HEADER
              + " and "
              + SIGNATURE_HEADER
              + ")",
          round,
          index);
    }
    if (!run.equals(postRun)) {
      throw refused(
          403,
          "wrong-run",
          RUN_HEADER,
          "the post is signed for another run than " + run + " (a replay is refused)",
          round,
          index);
    }
    Bytes signature = signature(sig);
    if (signature == null || !identities.signedBy(index, run, round, body, signature)) {
      throw refused(
          403,
          "bad-signature",
          SIGNATURE_HEADER,
          "the signature does not verify under holder " + index + "'s identity key in the roster",
          round,
          index);
    }
    return Bytes.of(concat(signature.toArray(), body.toArray()));
  }

  private ApiProblem refused(
      int status, String code, String field, String message, int round, int index) {
    log.accept(
        "refused post for holder "
            + index
            + " in round "
            + ROUNDS.get(round)
            + ": "
            + status
            + " "
            + code
            + ": "
            + message);
    return new ApiProblem(status, code, message, field, List.of());
  }

  private static Bytes signature(String base64) {
    try {
      Bytes s = Bytes.fromBase64(base64.strip());
      return s.length() == Ed25519PublicKey.SIGNATURE_LENGTH ? s : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
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

package io.dooor.keyshare;

import io.dooor.client.ApiProblem;
import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.AuthException.Reason;
import io.dooor.client.auth.AuthenticatedCaller;
import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.RequestSigner;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.auth.SignedRequest;
import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Principal;
import io.dooor.core.ReportDataBinding;
import io.dooor.http.JettyProblems;
import io.dooor.http.MediaTypes;
import io.dooor.http.ProblemTable;
import io.dooor.http.Replies;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.KeyShare;
import io.dooor.vetkd.threshold.KeyShareEndpoint;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One key-share holder as its own process ({@code dooor keyshare start}, DESIGN §5): serves one
 * unsealed share through {@link KeyShareEndpoint} at {@code POST /v1/keyshare/derive}, answering
 * only requests signed (RFC 9421, {@link RequestVerifier}, each nonce once) by the configured
 * control-plane principal. Anything else gets 401 with an RFC 9457 problem naming the reason; a
 * body that is not {@link KeyShareEndpoint#MEDIA_TYPE} gets 415 ({@link MediaTypes}), one that is
 * not a derive-share request 400 naming the field that is wrong; every refusal, those Jetty answers
 * before any route included ({@link JettyProblems}), is problem+json and goes to the holder's log
 * ({@link HolderRefusals}), never a 500 for anything a client sends. {@code GET
 * /v1/keyshare/health} (unsigned) reports the index, t, n and this holder's public key share, all
 * public; {@code GET /v1/keyshare/public-key}, signed like a derivation, reports the same and the
 * whole threshold public key, for the control plane's startup check.
 *
 * <p>The principal is checked against the presented public key before the signature is verified, so
 * that strangers cannot use up the nonce registry; the verifier then binds that key to the
 * signature and keyid.
 */
public final class KeyShareServer implements AutoCloseable {
  /** Largest accepted body: a derive-share request with 64 KiB context and input, and headroom. */
  public static final long MAX_BODY = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(KeyShareServer.class);

  /** The request attribute set once the control plane's signature has been verified. */
  private static final String AUTHENTICATED = "dooor.holder.authenticated";

  private final KeyShareEndpoint endpoint;
  private final ThresholdPublicKey publicKey;
  private final Principal controlPlane;
  private final RequestVerifier verifier;
  private final ProblemTable problems;
  private final HolderRefusals refusals;
  private final Javalin app;
  private final Clock clock;
  private final HolderTee tee;
  private final ControlPlaneCheck controlPlaneCheck;
  private final Challenges challenges;

  /** Until when the control plane's evidence counts (with a control-plane check); else null. */
  private volatile Instant controlPlaneAttestedUntil;

  private KeyShareServer(
      KeyShare share,
      Principal controlPlane,
      Clock clock,
      ProblemTable problems,
      HolderTee tee,
      ControlPlaneCheck controlPlaneCheck) {
    this.problems = problems;
    this.clock = clock;
    this.tee = tee;
    this.controlPlaneCheck = controlPlaneCheck;
    this.challenges = new Challenges(clock);
    this.endpoint = new KeyShareEndpoint(new LocalKeyShareHolder(share, new SecureRandom()));
    this.publicKey = share.publicKey();
    this.controlPlane = controlPlane;
    this.verifier = new RequestVerifier(clock, InMemoryNonceRegistry.fresh(clock));
    this.refusals = new HolderRefusals(share.index(), clock);
    this.app =
        Javalin.create(
            config -> {
              config.http.maxRequestSize = MAX_BODY;
              config.startup.showJavalinBanner = false;
              config.jetty.modifyServer(
                  server -> server.setErrorHandler(new JettyProblems(this::refusedByJetty)));
              config.routes.after(ctx -> refusals.flushIfDue());
              config.routes.get(HttpKeyShareTransport.HEALTH_PATH, this::health);
              config.routes.post(HttpKeyShareTransport.DERIVE_PATH, this::derive);
              config.routes.get(HttpKeyShareTransport.PUBLIC_KEY_PATH, this::publicKey);
              config.routes.get(HolderAttestationWire.CHALLENGE_PATH, this::challenge);
              config.routes.post(HolderAttestationWire.ATTEST_PATH, this::attest);
              config.routes.exception(ApiProblem.class, this::onProblem);
              config.routes.exception(Exception.class, this::onError);
              config.routes.error(404, ctx -> unrouted(ctx, "not-found", Replies::notFound));
              config.routes.error(500, Replies::internalError);
              config.routes.error(
                  413,
                  ctx -> unrouted(ctx, "payload-too-large", c -> Replies.tooLarge(c, MAX_BODY)));
            });
  }

  /**
   * A holder of {@code share} that answers only {@code controlPlane}, refusing with the problems of
   * the one error table {@code problems} (the server's); not yet listening.
   */
  public static KeyShareServer create(
      KeyShare share, Principal controlPlane, Clock clock, ProblemTable problems) {
    return new KeyShareServer(share, controlPlane, clock, problems, null, null);
  }

  /**
   * As {@link #create(KeyShare, Principal, Clock, ProblemTable)}, for a holder in a TEE: {@code
   * tee} (or null) produces this holder's evidence for the control plane, and {@code
   * controlPlaneCheck} (or null: the control plane is not checked) judges the control plane's
   * evidence; with a check, derivations are refused (403) until the control plane has presented
   * evidence that passes it, and again once that has expired.
   */
  public static KeyShareServer create(
      KeyShare share,
      Principal controlPlane,
      Clock clock,
      ProblemTable problems,
      HolderTee tee,
      ControlPlaneCheck controlPlaneCheck) {
    return new KeyShareServer(share, controlPlane, clock, problems, tee, controlPlaneCheck);
  }

  /**
   * Answers one request of its own (a random transport key), so that the share is known to work and
   * the first request from the control plane finds the code warm, then starts listening on {@code
   * host}:{@code port} (0 picks a free port).
   */
  public KeyShareServer start(String host, int port) throws VetKdException {
    TransportPublicKey probe = TransportSecretKey.generate().publicKey();
    endpoint.handle(
        DeriveShareRequest.of(Bytes.empty(), Bytes.empty(), Bytes.empty(), probe).toBytes());
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  public int index() {
    return endpoint.index();
  }

  @Override
  public void close() {
    app.stop();
    refusals.flush();
  }

  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("index", endpoint.index());
    body.put("threshold", publicKey.threshold());
    body.put("holders", publicKey.holders());
    body.put("public_key_share_hex", publicKey.publicKeyShareBytes(index()).hex());
    body.put("master_public_key_hex", publicKey.masterPublicKey().toBytes().hex());
    body.put("control_plane", controlPlane.toText());
    Replies.json(ctx, 200, body);
  }

  /**
   * Signed GET: this holder's index, t, n, public key share and the whole threshold public key, so
   * that the control plane can check at startup that it holds a share of the deployment's key under
   * the index it is configured with, and that it answers this control plane.
   */
  private void publicKey(Context ctx) throws ApiProblem {
    authenticate(ctx, ctx.bodyAsBytes());
    MediaTypes.require(ctx, KeyShareEndpoint.MEDIA_TYPE);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("index", endpoint.index());
    body.put("threshold", publicKey.threshold());
    body.put("holders", publicKey.holders());
    body.put("public_key_share_hex", publicKey.publicKeyShareBytes(index()).hex());
    body.put("threshold_public_key_hex", publicKey.toBytes().hex());
    Replies.json(ctx, 200, body);
  }

  private void derive(Context ctx) throws ApiProblem {
    if (ctx.contentLength() > MAX_BODY) {
      throw Replies.tooLargeProblem(MAX_BODY);
    }
    byte[] body = ctx.bodyAsBytes();
    authenticate(ctx, body);
    MediaTypes.require(ctx, KeyShareEndpoint.MEDIA_TYPE);
    requireAttestedControlPlane();
    Bytes answer;
    try {
      answer = endpoint.handle(Bytes.of(body));
    } catch (VetKdException e) {
      ApiProblem p = problems.problem(e);
      throw new ApiProblem(
          p.status(),
          p.code(),
          "not a derive-share request: " + e.getMessage(),
          e.field().orElse("body"),
          p.failedChecks());
    }
    ctx.status(200).contentType(KeyShareEndpoint.MEDIA_TYPE).result(answer.toArray());
  }

  /**
   * Signed GET: a fresh one-time challenge the control plane's evidence must bind (with its key).
   */
  private void challenge(Context ctx) throws ApiProblem {
    authenticate(ctx, ctx.bodyAsBytes());
    Replies.json(ctx, 200, new HolderAttestationWire.Challenge(challenges.issue().hex()));
  }

  /**
   * Signed POST: judges the control plane's evidence (with a control-plane check), then answers
   * with this holder's evidence bound to the control plane's nonce and this holder's public key
   * share.
   */
  private void attest(Context ctx) throws ApiProblem {
    if (ctx.contentLength() > HolderAttestationWire.MAX_BODY) {
      throw Replies.tooLargeProblem(HolderAttestationWire.MAX_BODY);
    }
    byte[] body = ctx.bodyAsBytes();
    authenticate(ctx, body);
    MediaTypes.require(ctx, MediaTypes.JSON);
    HolderAttestationWire.Parsed req = HolderAttestationWire.Request.parse(body);
    if (controlPlaneCheck != null) {
      if (!req.presentsEvidence()) {
        throw new ApiProblem(
            403,
            "forbidden",
            "this holder answers only a control plane that presents TEE evidence"
                + " (the holder has a control-plane policy)",
            "evidence_b64",
            List.of());
      }
      try {
        challenges.consume(req.challenge());
        Bytes presented = Bytes.fromBase64(ctx.header(RequestSigner.PUBLIC_KEY).strip());
        Instant until =
            controlPlaneCheck.check(
                req.type(),
                req.evidence(),
                ReportDataBinding.expected(req.challenge(), presented),
                clock.instant());
        controlPlaneAttestedUntil = until;
        LOG.info(
            "holder {}: control plane {} attested ({} evidence) until {}",
            endpoint.index(),
            controlPlane.toText(),
            req.type().wireName(),
            until);
      } catch (ControlPlaneException e) {
        controlPlaneAttestedUntil = null;
        LOG.warn(
            "holder {}: control plane evidence refused: {} {}",
            endpoint.index(),
            e.getMessage(),
            e.failedChecks());
        throw problems.problem(e);
      }
    }
    if (tee == null) {
      throw problems.problem(
          new ControlPlaneException(
              ControlPlaneException.Reason.CONFLICT,
              "this holder was started without a TEE: it has no evidence to present",
              List.of("holder_tee")));
    }
    Bytes key = publicKey.publicKeyShareBytes(index());
    Bytes evidence;
    try {
      evidence = tee.evidence(ReportDataBinding.expected(req.nonce(), key));
    } catch (Exception e) {
      LOG.error("holder {}: the TEE produced no evidence", endpoint.index(), e);
      throw problems.problem(new IllegalStateException("no evidence from the TEE"));
    }
    Replies.json(
        ctx, 200, HolderAttestationWire.Answer.of(endpoint.index(), tee.type(), evidence, key));
  }

  /** With a control-plane check: 403 unless the control plane's evidence is current. */
  private void requireAttestedControlPlane() throws ApiProblem {
    if (controlPlaneCheck == null) {
      return;
    }
    Instant until = controlPlaneAttestedUntil;
    Instant now = clock.instant();
    if (until == null || !now.isBefore(until)) {
      throw problems.problem(
          new ControlPlaneException(
              ControlPlaneException.Reason.FORBIDDEN,
              until == null
                  ? "the control plane has not presented evidence that passes this holder's"
                      + " control-plane policy"
                  : "the control plane's evidence expired at " + until + "; it must attest again",
              List.of("control_plane_attestation")));
    }
  }

  private void authenticate(Context ctx, byte[] body) throws ApiProblem {
    if (ctx.header(RequestSigner.SIGNATURE) == null
        || ctx.header(RequestSigner.SIGNATURE_INPUT) == null) {
      throw unauthorized(
          Reason.MISSING_SIGNATURE,
          "request is unsigned: no Signature and Signature-Input fields (RFC 9421)");
    }
    String key = ctx.header(RequestSigner.PUBLIC_KEY);
    if (key == null) {
      throw unauthorized(
          Reason.MISSING_PUBLIC_KEY, "no " + RequestSigner.PUBLIC_KEY + " header field");
    }
    Principal presented;
    try {
      presented = Principal.selfAuthenticating(Bytes.fromBase64(key.strip()));
    } catch (IllegalArgumentException e) {
      throw unauthorized(Reason.MALFORMED_PUBLIC_KEY, RequestSigner.PUBLIC_KEY + " is not base64");
    }
    if (!presented.equals(controlPlane)) {
      throw unauthorized(
          Reason.PRINCIPAL_NOT_ALLOWED,
          "only the control plane "
              + controlPlane.toText()
              + " may ask this holder; the request is signed by "
              + presented.toText());
    }
    Map<String, String> headers = new HashMap<>();
    ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    String query = ctx.queryString() == null ? "" : ctx.queryString();
    try {
      AuthenticatedCaller caller =
          verifier.verify(
              SignedRequest.of(ctx.method().name(), ctx.path(), query, headers, Bytes.of(body)));
      if (!caller.principal().equals(controlPlane)) {
        throw unauthorized(
            Reason.PRINCIPAL_NOT_ALLOWED, "signed by " + caller.principal().toText());
      }
    } catch (AuthException e) {
      throw problems.problem(e);
    }
    ctx.attribute(AUTHENTICATED, true);
  }

  /** A refusal before or after the signature is verified, by the one error table. */
  private ApiProblem unauthorized(Reason reason, String message) {
    return problems.problem(new AuthException(reason, message));
  }

  /** Every refusal of a route: logged (the control plane's one by one, others counted). */
  private void onProblem(ApiProblem p, Context ctx) {
    if (Boolean.TRUE.equals(ctx.attribute(AUTHENTICATED))) {
      refusals.authenticated(ctx.method().name(), ctx.path(), p);
    } else {
      refusals.unauthenticated(p.code());
    }
    Replies.problem(ctx, p);
  }

  private void refusedByJetty(String method, String path, ApiProblem p) {
    refusals.unauthenticated(p.code());
  }

  /** A refusal no route answered (no such route, a body too large): counted, then answered. */
  private void unrouted(Context ctx, String code, java.util.function.Consumer<Context> reply) {
    String type = ctx.res().getContentType();
    if (type == null || !type.contains("problem")) {
      refusals.unauthenticated(code);
    }
    reply.accept(ctx);
  }

  private void onError(Exception e, Context ctx) {
    LOG.error("holder {}: internal error on {} {}", endpoint.index(), ctx.method(), ctx.path(), e);
    Replies.problem(ctx, problems.problem(e));
  }
}

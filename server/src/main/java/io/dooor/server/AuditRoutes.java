package io.dooor.server;

import io.dooor.audit.AuditEntry;
import io.dooor.audit.AuditException;
import io.dooor.audit.AuditLog;
import io.dooor.audit.ConsistencyProof;
import io.dooor.audit.InclusionProof;
import io.dooor.audit.TilePath;
import io.dooor.client.ApiProblem;
import io.dooor.common.Bytes;
import io.dooor.core.ControlPlane;
import io.dooor.core.Role;
import io.dooor.http.Replies;
import io.dooor.server.internal.Problems;
import io.dooor.server.internal.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log's read API (DESIGN §7), for auditors: the latest signed checkpoint (C2SP signed
 * note), the verifier key, entries, inclusion and consistency proofs (RFC 9162), and C2SP
 * tlog-tiles under /v1/audit/tile/.
 */
final class AuditRoutes implements RouteModule {
  private final ControlPlane plane;
  private final AuditLog log;
  private final String verifierKey;

  AuditRoutes(ControlPlane plane, AuditLog log, String verifierKey) {
    this.plane = plane;
    this.log = log;
    this.verifierKey = verifierKey;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/v1/audit/verifier-key", ctx -> text(ctx, verifierKey + "\n"));
    r.get(
        "/v1/audit/checkpoint",
        ctx ->
            checked(
                ctx,
                () ->
                    text(
                        ctx.header("Cache-Control", CACHE_NONE),
                        log.latestCheckpoint()
                            .orElseThrow(
                                () ->
                                    new ApiProblem(
                                        404,
                                        "not-found",
                                        "no checkpoint published yet",
                                        null,
                                        List.of())))));
    r.get("/v1/audit/entries", ctx -> checked(ctx, () -> entries(ctx)));
    r.get("/v1/audit/proof/inclusion", ctx -> checked(ctx, () -> inclusion(ctx)));
    r.get("/v1/audit/proof/consistency", ctx -> checked(ctx, () -> consistency(ctx)));
    r.get("/v1/audit/<path>", ctx -> checked(ctx, () -> resource(ctx)));
  }

  private interface Step {
    void run() throws Exception;
  }

  private void checked(Context ctx, Step step) throws Exception {
    plane.authorize(Routes.caller(ctx), Role.AUDITOR, "audit.read", ctx.path());
    try {
      step.run();
    } catch (AuditException e) {
      throw Problems.of(e);
    }
  }

  private static void text(Context ctx, String body) {
    ctx.contentType("text/plain; charset=utf-8").result(body.getBytes(StandardCharsets.UTF_8));
  }

  private void entries(Context ctx) throws ApiProblem, AuditException {
    long from = Routes.longParam(ctx, "from", 0);
    long to = Routes.longParam(ctx, "to", from + 100);
    List<Map<String, Object>> out = new ArrayList<>();
    List<Bytes> raw = log.rawEntries(from, to);
    for (int i = 0; i < raw.size(); i++) {
      AuditEntry e = AuditEntry.decode(raw.get(i));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", from + i);
      m.put("entry", raw.get(i).base64());
      m.put("decoded", e.toString());
      out.add(m);
    }
    Replies.json(ctx, 200, out);
  }

  /** {index, size, hashes}: RFC 9162 §2.1.3 PATH, leaf side first (see {@link #hashes}). */
  private void inclusion(Context ctx) throws ApiProblem, AuditException {
    InclusionProof p =
        log.inclusionProof(Routes.longParam(ctx, "index", 0), Routes.longParam(ctx, "size", 0));
    Replies.json(
        ctx, 200, Map.of("index", p.index(), "size", p.size(), "hashes", hashes(p.hashes())));
  }

  /** {from, to, hashes}: RFC 9162 §2.1.4 PROOF(from, D[0:to]) (see {@link #hashes}). */
  private void consistency(Context ctx) throws ApiProblem, AuditException {
    ConsistencyProof p =
        log.consistencyProof(Routes.longParam(ctx, "from", 0), Routes.longParam(ctx, "to", 0));
    Replies.json(
        ctx, 200, Map.of("from", p.size1(), "to", p.size2(), "hashes", hashes(p.hashes())));
  }

  /**
   * The one encoding of proof hashes in every audit reply: a JSON array with one standard base64
   * (RFC 4648 §4) string per 32-byte hash, in RFC 9162 order (as the RFC 6962 JSON API does).
   */
  static List<String> hashes(List<Bytes> proof) {
    return proof.stream().map(Bytes::base64).toList();
  }

  /**
   * C2SP tlog-tiles caching: a full tile or entry bundle never changes and is kept for a year
   * ({@code immutable}); a partial tile and the checkpoint are revalidated on every use; a 404 (a
   * tile the tree does not hold yet, which RFC 9111 §4.2.2 would let a cache keep heuristically) is
   * not stored. All {@code private} (RFC 9111 §5.2.2.7): the log is for auditors only, and a signed
   * request carries no Authorization header that would keep it out of shared caches.
   */
  static final String CACHE_FULL = "private, max-age=31536000, immutable";

  static final String CACHE_NONE = "private, no-cache";

  private void resource(Context ctx) throws ApiProblem, AuditException {
    String path = ctx.pathParam("path");
    ctx.header("Cache-Control", "no-store");
    Bytes b =
        log.resource(path)
            .orElseThrow(
                () ->
                    new ApiProblem(404, "not-found", "no audit resource " + path, null, List.of()));
    boolean full = !path.equals("checkpoint") && TilePath.parse(path).width() == 256;
    ctx.header("Cache-Control", full ? CACHE_FULL : CACHE_NONE);
    ctx.contentType("application/octet-stream").result(b.toArray());
  }
}

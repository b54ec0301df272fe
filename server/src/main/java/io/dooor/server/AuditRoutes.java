package io.dooor.server;

import io.dooor.audit.AuditEntry;
import io.dooor.audit.AuditException;
import io.dooor.audit.AuditLog;
import io.dooor.audit.Checkpoint;
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
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The audit log's read API (DESIGN §7). Public, without authentication and cacheable, as
 * transparency logs serve them (C2SP tlog-tiles): the published checkpoint ({@code
 * /v1/audit/checkpoint}), the latest signed one ({@code /v1/audit/checkpoint/latest}), the verifier
 * key and the hash tiles ({@code /v1/audit/tile/<L>/<N>[.p/<W>]}); refusals there are counted as
 * unauthenticated. For auditors only, since entries name principals and nodes: entry bundles
 * ({@code tile/entries/...}), entries, and inclusion and consistency proofs (RFC 9162).
 *
 * <p>With witnesses configured ({@link AuditWitnesses}), a checkpoint is published once a quorum of
 * them cosigned it: {@code /v1/audit/checkpoint} serves the latest such checkpoint with the
 * cosignatures (a C2SP signed note any note verifier checks with the witness keys), 404 until there
 * is one; {@code checkpoint/latest} serves the newest signed checkpoint with whatever cosignatures
 * it has so far. Without witnesses both serve the latest signed checkpoint.
 */
final class AuditRoutes implements RouteModule {
  static final String CHECKPOINT = "/v1/audit/checkpoint";
  static final String LATEST = "/v1/audit/checkpoint/latest";
  private static final String KEY = "/v1/audit/verifier-key";
  private static final Pattern HASH_TILE =
      Pattern.compile("/v1/audit/tile/[0-9]+/(x[0-9]{3}/)*[0-9]{3}(\\.p/[0-9]+)?");

  private final ControlPlane plane;
  private final AuditLog log;
  private final String verifierKey;
  private final AuditWitnesses witnesses;

  AuditRoutes(ControlPlane plane, AuditLog log, String verifierKey, AuditWitnesses witnesses) {
    this.plane = plane;
    this.log = log;
    this.verifierKey = verifierKey;
    this.witnesses = witnesses;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get(KEY, ctx -> text(ctx, verifierKey + "\n"));
    r.get(CHECKPOINT, ctx -> audit(ctx, () -> checkpoint(ctx, published())));
    r.get(LATEST, ctx -> audit(ctx, () -> checkpoint(ctx, latest())));
    r.get("/v1/audit/entries", ctx -> checked(ctx, () -> entries(ctx)));
    r.get("/v1/audit/proof/inclusion", ctx -> checked(ctx, () -> inclusion(ctx)));
    r.get("/v1/audit/proof/consistency", ctx -> checked(ctx, () -> consistency(ctx)));
    r.get("/v1/audit/<path>", this::resource);
  }

  /** Checkpoints, the verifier key and hash tiles: everything but entries and proofs. */
  @Override
  public boolean isPublic(String path) {
    return path.equals(CHECKPOINT)
        || path.equals(LATEST)
        || path.equals(KEY)
        || HASH_TILE.matcher(path).matches();
  }

  private Optional<String> published() throws AuditException {
    if (!witnesses.enabled()) {
      return log.latestCheckpoint();
    }
    return log.witnessedCheckpoint(witnesses.keys(), witnesses.quorum());
  }

  private Optional<String> latest() throws AuditException {
    if (!witnesses.enabled()) {
      return log.latestCheckpoint();
    }
    Optional<String> note = log.latestCheckpoint();
    if (note.isEmpty()) {
      return note;
    }
    long size = Checkpoint.parse(note.get().substring(0, note.get().indexOf("\n\n") + 1)).size();
    return log.cosignedCheckpoint(size, witnesses.keys());
  }

  private void checkpoint(Context ctx, Optional<String> note) throws ApiProblem {
    ctx.header("Cache-Control", CACHE_NONE);
    text(
        ctx,
        note.orElseThrow(
            () ->
                new ApiProblem(
                    404,
                    "not-found",
                    witnesses.enabled()
                        ? "no checkpoint cosigned by " + witnesses.quorum() + " witnesses yet"
                        : "no checkpoint published yet",
                    null,
                    List.of())));
  }

  private interface Step {
    void run() throws Exception;
  }

  private void checked(Context ctx, Step step) throws Exception {
    plane.authorize(Routes.caller(ctx), Role.AUDITOR, "audit.read", ctx.path());
    audit(ctx, step);
  }

  /** Runs {@code step}, mapping the audit log's failures through the one error table. */
  private static void audit(Context ctx, Step step) throws Exception {
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
   * C2SP tlog-tiles caching: a full hash tile never changes and is kept for a year by any cache
   * ({@code public, immutable}); a partial tile and the checkpoints are revalidated on every use; a
   * 404 (a tile the tree does not hold yet, which RFC 9111 §4.2.2 would let a cache keep
   * heuristically) is not stored. Entry bundles are for auditors: {@code private} (RFC 9111
   * §5.2.2.7), since a signed request carries no Authorization header that would keep it out of
   * shared caches.
   */
  static final String CACHE_FULL = "public, max-age=31536000, immutable";

  static final String CACHE_NONE = "public, no-cache";

  static final String CACHE_FULL_PRIVATE = "private, max-age=31536000, immutable";

  static final String CACHE_NONE_PRIVATE = "private, no-cache";

  private void resource(Context ctx) throws Exception {
    if (isPublic(ctx.path())) {
      audit(ctx, () -> tile(ctx, true));
    } else {
      checked(ctx, () -> tile(ctx, false));
    }
  }

  private void tile(Context ctx, boolean open) throws ApiProblem, AuditException {
    String path = ctx.pathParam("path");
    ctx.header("Cache-Control", "no-store");
    Bytes b =
        log.resource(path)
            .orElseThrow(
                () ->
                    new ApiProblem(404, "not-found", "no audit resource " + path, null, List.of()));
    boolean full = !path.equals("checkpoint") && TilePath.parse(path).width() == 256;
    if (open) {
      ctx.header("Cache-Control", full ? CACHE_FULL : CACHE_NONE);
    } else {
      ctx.header("Cache-Control", full ? CACHE_FULL_PRIVATE : CACHE_NONE_PRIVATE);
    }
    ctx.contentType("application/octet-stream").result(b.toArray());
  }
}

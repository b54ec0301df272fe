package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.data.BlobId;
import io.dooor.client.data.EncryptedBlob;
import io.dooor.client.data.ShardGrant;
import io.dooor.client.data.WrappedDataKey;
import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.BlobAccess;
import io.dooor.core.BlobShard;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Refusal;
import io.dooor.core.DataEpoch;
import io.dooor.core.DerivedKey;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.TransportKey;
import io.dooor.http.Replies;
import io.dooor.server.internal.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The encrypted-data routes (issue 13; contract in the README): the data epoch, blob manifests,
 * shard placement reports, key release (decrypt_data), rewrap, repair status, and the control
 * plane's identity key, which signs the shard grants handed out here (PUT grants to a blob's
 * creator, GET grants to its decryptors). Fields are decoded once, here; a bad one is 400 naming
 * it, recorded under the operation it was for.
 */
final class DataRoutes implements RouteModule {
  /** How long a shard grant is valid. */
  static final Duration GRANT_TTL = Duration.ofHours(1);

  private final ControlPlane plane;
  private final KeyService keys;
  private final Principal canisterId;
  private final Identity identity;
  private final Duration grantTtl;

  DataRoutes(
      ControlPlane plane,
      KeyService keys,
      Principal canisterId,
      Identity identity,
      Duration grantTtl) {
    this.plane = plane;
    this.keys = keys;
    this.canisterId = canisterId;
    this.identity = identity;
    this.grantTtl = grantTtl;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/v1/identity", this::identityKey);
    r.get("/v1/data/epoch", this::epoch);
    r.post("/v1/blobs", this::create);
    r.get("/v1/blobs", this::list);
    r.get("/v1/blobs/repair-status", this::repairs);
    r.get("/v1/blobs/{blob}", this::show);
    r.post("/v1/blobs/{blob}/shards/{index}/stored", this::stored);
    r.post("/v1/blobs/{blob}/key", this::key);
    r.post("/v1/blobs/{blob}/rewrap", this::rewrap);
  }

  private void identityKey(Context ctx) {
    Replies.json(
        ctx,
        200,
        new Dto.ControlPlaneKey(
            identity.principal().toText(),
            identity.keyType().name(),
            identity.publicKeySpki().base64()));
  }

  private void epoch(Context ctx) throws ControlPlaneException {
    DataEpoch e = plane.dataEpoch(Routes.caller(ctx));
    Replies.json(
        ctx,
        200,
        new Dto.DataEpoch(e.epoch(), e.context(), e.derivedPublicKey().hex(), canisterId.toText()));
  }

  private void create(Context ctx) throws ApiProblem, ControlPlaneException {
    about(ctx, "blob.created", "blobs");
    Dto.BlobCreate body = Json.read(ctx.bodyAsBytes(), Dto.BlobCreate.class);
    EncryptedBlob manifest =
        BlobManifests.parse("manifest", Json.base64("manifest", body.manifest()));
    about(ctx, "blob.created", "blob:" + manifest.id());
    Caller caller = Routes.caller(ctx);
    Blob blob = plane.createBlob(caller, BlobManifests.of(manifest));
    Replies.json(ctx, 201, view(blob, Optional.of(grants(blob, ShardGrant.Op.PUT, caller))));
  }

  private void list(Context ctx) throws ControlPlaneException {
    List<Dto.BlobView> out = new ArrayList<>();
    for (Blob b : plane.blobs(Routes.caller(ctx))) {
      out.add(view(b, Optional.empty()));
    }
    Replies.json(ctx, 200, out);
  }

  private void show(Context ctx) throws ApiProblem, ControlPlaneException {
    String id = blobId(ctx, "blob.read");
    Caller caller = Routes.caller(ctx);
    BlobAccess access = plane.blob(caller, id);
    Optional<List<String>> grants =
        access.mayDecrypt()
            ? Optional.of(grants(access.blob(), ShardGrant.Op.GET, caller))
            : Optional.empty();
    Replies.json(ctx, 200, view(access.blob(), grants));
  }

  private void stored(Context ctx) throws ApiProblem, ControlPlaneException {
    String id = blobId(ctx, "blob.shard_placed");
    int index = index(ctx);
    Replies.json(
        ctx, 200, view(plane.shardStored(Routes.caller(ctx), id, index), Optional.empty()));
  }

  private void key(Context ctx) throws ApiProblem, ControlPlaneException {
    String id = blobId(ctx, "blob.key_refused");
    Dto.BlobKeyRequest body = Json.read(ctx.bodyAsBytes(), Dto.BlobKeyRequest.class);
    Bytes tpk = Json.hex(DeriveRequest.TRANSPORT_FIELD, body.transportPublicKey());
    TransportKey transport = DeriveRequest.transportKey(keys, tpk);
    DerivedKey k = plane.blobKey(Routes.caller(ctx), id, transport);
    long epoch = Long.parseLong(k.context().substring("dooor/data/e".length()));
    Replies.json(
        ctx,
        200,
        new Dto.BlobKey(
            id, epoch, k.context(), k.encryptedKey().hex(), k.derivedPublicKey().hex()));
  }

  private void rewrap(Context ctx) throws ApiProblem, ControlPlaneException {
    String id = blobId(ctx, "blob.rewrapped");
    Dto.BlobRewrap body = Json.read(ctx.bodyAsBytes(), Dto.BlobRewrap.class);
    Bytes wrapped = Json.base64("wrapped_key", body.wrappedKey());
    WrappedDataKey key;
    try {
      key = new WrappedDataKey(body.epoch(), wrapped);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField(
          body.epoch() < 0 || body.epoch() > WrappedDataKey.MAX_EPOCH ? "epoch" : "wrapped_key",
          e.getMessage());
    }
    Blob current = plane.blob(Routes.caller(ctx), id).blob();
    EncryptedBlob rewrapped = BlobManifests.current(current).withWrappedKey(key);
    Blob blob = plane.rewrapBlob(Routes.caller(ctx), BlobManifests.of(rewrapped));
    Replies.json(ctx, 200, view(blob, Optional.empty()));
  }

  private void repairs(Context ctx) throws ControlPlaneException {
    Replies.json(
        ctx,
        200,
        plane.repairs(Routes.caller(ctx)).stream()
            .map(
                j ->
                    new Dto.RepairView(
                        j.blobId(),
                        j.index(),
                        j.from().value(),
                        j.to().map(NodeId::value).orElse(null),
                        j.state().name(),
                        j.bytesMoved(),
                        j.updatedAt().toString()))
            .toList());
  }

  /** Grants of {@code op} on every shard of {@code blob} to the caller, in index order. */
  /**
   * One grant per shard, by index. A GET grant only for a STORED shard: a shard MISSING (its node
   * deactivated) or still PENDING gets none (null), so no one reads from a node that lost its duty.
   */
  private List<String> grants(Blob blob, ShardGrant.Op op, Caller caller) {
    BlobId id = BlobId.parse(blob.id());
    Instant expiry = clock().instant().plus(grantTtl);
    List<String> out = new ArrayList<>();
    for (BlobShard s : blob.shards()) {
      boolean readable = op != ShardGrant.Op.GET || s.state() == BlobShard.State.STORED;
      out.add(
          readable
              ? ShardGrant.sign(identity, op, id, BlobManifests.ref(s), caller.principal(), expiry)
                  .text()
              : null);
    }
    return out;
  }

  private Clock clock() {
    return plane.clock();
  }

  private Dto.BlobView view(Blob b, Optional<List<String>> grants) {
    List<Dto.ShardView> shards = new ArrayList<>();
    for (BlobShard s : b.shards()) {
      Optional<Node> node = plane.store().node(s.node());
      shards.add(
          new Dto.ShardView(
              s.index(),
              s.sha256().hex(),
              s.node().value(),
              node.map(n -> n.state().name()).orElse(null),
              plane.store().shardEndpoint(s.node()).orElse(null),
              s.state().name(),
              grants.map(g -> g.get(s.index())).orElse(null)));
    }
    return new Dto.BlobView(b.id(), b.state().name(), b.manifest().base64(), b.epoch(), shards);
  }

  private static String blobId(Context ctx, String action) throws ApiProblem {
    about(ctx, action, "blobs");
    try {
      String id = Blob.requireId(ctx.pathParam("blob"));
      about(ctx, action, "blob:" + id);
      return id;
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField("blob_id", e.getMessage());
    }
  }

  private static int index(Context ctx) throws ApiProblem {
    String raw = ctx.pathParam("index");
    if (!raw.matches("[0-9]{1,3}") || Integer.parseInt(raw) > 254) {
      throw ApiProblem.badField("index", "index must be a shard index 0..254");
    }
    return Integer.parseInt(raw);
  }

  private static void about(Context ctx, String action, String subject) {
    ctx.attribute(Routes.ABOUT, new Refusal(action, subject, Map.of()));
  }
}

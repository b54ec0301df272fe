package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Refusal;
import io.dooor.core.DerivedKey;
import io.dooor.core.DerivedNodeKey;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.TransportKey;
import io.dooor.http.Replies;
import io.dooor.server.internal.Routes;
import io.dooor.server.keyshare.HolderSetup;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.threshold.HolderHealth;
import io.dooor.vetkd.threshold.HolderVerdict;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * vetKD over HTTP, in the shape of ICP's management canister (spec §7), with this deployment's
 * principal as the canister id:
 *
 * <ul>
 *   <li>GET /v1/vetkd/public-key?context=... ({@code vetkd_public_key}): the derived public key in
 *       hex and base64, and the master public key, so that ICP vetKeys clients can verify vetKeys
 *       and encrypt to identities.
 *   <li>POST /v1/vetkd/derive ({@code vetkd_derive_key}): {context, input, transport_public_key},
 *       authorised by the control plane's derivation rules (an ACTIVE node for its own node key; a
 *       role holder for its own principal outside {@code dooor/}); returns the 192-byte encrypted
 *       vetKey. Malformed fields are refused with 400 naming the field, and recorded.
 *   <li>GET /v1/vetkd/holders (controllers): each key-share holder, its startup check and the last
 *       verdict and last fault on it (also those reached after a request was answered without it);
 *       faulty holders are also recorded as events ({@code vetkd.holder_fault}).
 * </ul>
 */
final class VetKdRoutes implements RouteModule {
  /** The key name in ICP-style key ids ({@code {curve: bls12_381_g2, name}}). */
  static final String KEY_NAME = "dooor_key";

  private static final Dto.KeyId KEY_ID = new Dto.KeyId("bls12_381_g2", KEY_NAME);

  private final VetKdService vetkd;
  private final KeyService keys;
  private final Principal canisterId;
  private final ControlPlane plane;
  private final HolderSetup setup;

  /**
   * @param keys the control plane's key service over {@code vetkd}, which decodes transport keys
   */
  VetKdRoutes(
      VetKdService vetkd,
      KeyService keys,
      Principal canisterId,
      ControlPlane plane,
      HolderSetup setup) {
    this.vetkd = vetkd;
    this.keys = keys;
    this.canisterId = canisterId;
    this.plane = plane;
    this.setup = setup;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/vetkd/public-key", this::publicKey);
    routes.post("/v1/vetkd/derive", this::derive);
    routes.get("/v1/vetkd/holders", this::holders);
    routes.post("/v1/nodes/{id}/keys", this::deriveNodeKey);
  }

  /** Controllers only: every holder, its startup check and the last verdicts on it. */
  private void holders(Context ctx) throws ControlPlaneException {
    plane.authorize(Routes.caller(ctx), Role.CONTROLLER, "vetkd.holders.read", "vetkd:holders");
    Map<Integer, HolderHealth.Status> health = vetkd.holderHealth().snapshot();
    List<Dto.HolderView> views = new ArrayList<>();
    for (int i : setup.indices()) {
      HolderHealth.Status s = health.get(i);
      HolderVerdict last = s == null ? null : s.last();
      HolderVerdict fault = s == null ? null : s.lastFault().orElse(null);
      URI url = setup.urls().get(i);
      views.add(
          new Dto.HolderView(
              i,
              url == null ? null : url.toString(),
              setup.startup().get(i),
              last == null ? null : last.outcome().name(),
              last == null ? null : last.detail(),
              last == null ? null : last.at().toString(),
              last == null ? null : last.late(),
              fault == null ? null : fault.outcome().name(),
              fault == null ? null : fault.detail(),
              fault == null ? null : fault.at().toString(),
              s == null ? 0 : s.valid(),
              s == null ? 0 : s.faulty()));
    }
    Replies.json(
        ctx,
        200,
        new Dto.VetKdHolders(
            setup.remote() ? "remote" : "embedded",
            vetkd.thresholdPublicKey().threshold(),
            vetkd.thresholdPublicKey().holders(),
            views));
  }

  private void publicKey(Context ctx) throws ApiProblem {
    String query = ctx.queryParam("context");
    String context =
        Routes.identifier("context", query == null ? "" : query, DeriveRequest.MAX_CONTEXT);
    Bytes dpk =
        vetkd
            .publicKey(
                Bytes.of(canisterId.toBytes()), Bytes.of(context.getBytes(StandardCharsets.UTF_8)))
            .toBytes();
    Replies.json(
        ctx,
        200,
        new Dto.VetKdPublicKey(
            KEY_ID,
            canisterId.toText(),
            context,
            dpk.hex(),
            dpk.base64(),
            vetkd.masterPublicKey().toBytes().hex()));
  }

  private void derive(Context ctx) throws ApiProblem, ControlPlaneException {
    Map<String, String> facts = new HashMap<>();
    DeriveRequest req;
    try {
      req = DeriveRequest.parse(ctx.bodyAsBytes(), facts, keys);
    } catch (ApiProblem p) {
      throw recorded(ctx, facts, p);
    }
    DerivedKey key =
        plane.deriveKey(Routes.caller(ctx), req.context(), req.input(), req.transportKey());
    Replies.json(
        ctx,
        200,
        new Dto.VetKdDerived(
            KEY_ID,
            canisterId.toText(),
            key.context(),
            key.input().hex(),
            key.rule(),
            key.encryptedKey().hex(),
            key.encryptedKey().base64(),
            key.derivedPublicKey().hex(),
            key.derivedPublicKey().base64()));
  }

  /**
   * derive_node_key (POST /v1/nodes/{id}/keys): {context (default dooor/node-key),
   * transport_public_key (base64)}; the transport key is decoded once, here.
   */
  private void deriveNodeKey(Context ctx) throws ApiProblem, ControlPlaneException {
    Dto.DeriveKey body = Json.read(ctx.bodyAsBytes(), Dto.DeriveKey.class);
    String context =
        Routes.identifier(
            "context",
            body.context() == null ? ControlPlane.NODE_KEY_CONTEXT : body.context(),
            DeriveRequest.MAX_CONTEXT);
    NodeId id;
    TransportKey tpk;
    Map<String, String> facts = new HashMap<>(Map.of("context", context));
    try {
      id = NodeId.of(ctx.pathParam("id"));
      facts.put("node", id.value());
      tpk =
          DeriveRequest.transportKey(
              keys, Json.base64(DeriveRequest.TRANSPORT_FIELD, body.transportPublicKey()));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField("node_id", e.getMessage());
    } catch (ApiProblem p) {
      throw recorded(ctx, facts, p);
    }
    DerivedNodeKey key = plane.deriveNodeKey(Routes.caller(ctx), id, context, tpk);
    Replies.json(
        ctx,
        200,
        new Dto.DerivedKeyView(
            id.value(),
            key.context(),
            key.input().base64(),
            key.encryptedKey().base64(),
            key.derivedPublicKey().base64()));
  }

  /**
   * Names a derivation request refused at the edge, with the facts known so far, for the edge
   * filter that records it.
   */
  private static ApiProblem recorded(Context ctx, Map<String, String> facts, ApiProblem p) {
    if (p.field() != null) {
      facts.put("field", p.field());
    }
    String subject = "vetkd:" + facts.getOrDefault("context", "");
    ctx.attribute(Routes.ABOUT, new Refusal("key.derive", subject, facts));
    return p;
  }
}

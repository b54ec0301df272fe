package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Refusal;
import io.dooor.core.DerivedKey;
import io.dooor.core.SealingKeys;
import io.dooor.core.TeeType;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.TransportKey;
import io.dooor.http.Replies;
import io.dooor.server.internal.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * POST /v1/sealing-keys (issue 12, attestation-bound sealing through vetKD): {workload, tee_type,
 * evidence (base64), transport_public_key (base64, 48-byte compressed G1)}, signed by any identity;
 * the evidence authenticates the request ({@link SealingKeys}). Answers {context, input,
 * encrypted_key, derived_public_key}, all base64. Fields are decoded once, here; a bad one is 400
 * naming it, recorded as a refused {@value SealingKeys#ACTION}.
 */
final class SealingRoutes implements RouteModule {
  private final ControlPlane plane;
  private final KeyService keys;

  SealingRoutes(ControlPlane plane, KeyService keys) {
    this.plane = plane;
    this.keys = keys;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/v1/sealing-keys", this::sealingKey);
  }

  private void sealingKey(Context ctx) throws ApiProblem, ControlPlaneException {
    Map<String, String> facts = new HashMap<>(Map.of("context", SealingKeys.CONTEXT));
    String workload = "";
    TeeType type;
    Bytes evidence;
    Bytes tpkBytes;
    TransportKey tpk;
    try {
      Dto.SealingKeyRequest body = Json.read(ctx.bodyAsBytes(), Dto.SealingKeyRequest.class);
      workload =
          Routes.identifier(
              "workload", Json.required("workload", body.workload()), Routes.MAX_WORKLOAD);
      facts.put("workload", workload);
      type = teeType(body.teeType());
      facts.put("tee", type.wireName());
      evidence = Json.base64("evidence", body.evidence());
      tpkBytes = Json.base64(DeriveRequest.TRANSPORT_FIELD, body.transportPublicKey());
      tpk = DeriveRequest.transportKey(keys, tpkBytes);
    } catch (ApiProblem p) {
      if (p.field() != null) {
        facts.put("field", p.field());
      }
      ctx.attribute(Routes.ABOUT, new Refusal(SealingKeys.ACTION, "seal:" + workload, facts));
      throw p;
    }
    DerivedKey key = plane.sealingKey(Routes.caller(ctx), workload, type, evidence, tpkBytes, tpk);
    Replies.json(
        ctx,
        200,
        new Dto.SealingKeyView(
            java.util.Base64.getEncoder()
                .encodeToString(key.context().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            key.input().base64(),
            key.encryptedKey().base64(),
            key.derivedPublicKey().base64()));
  }

  private static TeeType teeType(String value) throws ApiProblem {
    try {
      return TeeType.parse(Json.required("tee_type", value));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField("tee_type", e.getMessage());
    }
  }
}

package io.dooor.server;

import io.dooor.core.Bytes;
import io.dooor.core.Principal;
import io.dooor.server.internal.Replies;
import io.dooor.vetkd.VetKdService;
import io.javalin.config.RoutesConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * vetKD public keys (ICP {@code vetkd_public_key}): GET /v1/vetkd/public-key?context=... returns
 * the derived public key for this deployment (its principal is the canister id) in hex and base64,
 * and the master public key, so that ICP vetKeys clients can verify and encrypt to identities.
 */
final class VetKdRoutes implements RouteModule {
  private final VetKdService vetkd;
  private final Principal canisterId;

  VetKdRoutes(VetKdService vetkd, Principal canisterId) {
    this.vetkd = vetkd;
    this.canisterId = canisterId;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get(
        "/v1/vetkd/public-key",
        ctx -> {
          String context = ctx.queryParam("context") == null ? "" : ctx.queryParam("context");
          Bytes dpk =
              vetkd
                  .publicKey(
                      Bytes.of(canisterId.toBytes()),
                      Bytes.of(context.getBytes(StandardCharsets.UTF_8)))
                  .toBytes();
          Replies.json(
              ctx,
              200,
              Map.of(
                  "key_id", Map.of("curve", "bls12_381_g2", "name", "dooor_key"),
                  "canister_id", canisterId.toText(),
                  "context", context,
                  "public_key_hex", dpk.hex(),
                  "public_key_base64", dpk.base64(),
                  "master_public_key_hex", vetkd.masterPublicKey().toBytes().hex()));
        });
  }
}

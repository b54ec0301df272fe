package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Refusal;
import io.dooor.http.Replies;
import io.dooor.provision.credentials.CredentialChange;
import io.dooor.provision.credentials.CredentialChange.Op;
import io.dooor.provision.credentials.CredentialParser;
import io.dooor.provision.credentials.ProviderCredentials;
import io.dooor.server.internal.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Provider credentials (issue 14): {@code PUT /v1/provider-credentials/{provider}/{name}} (set:
 * version 1), {@code POST .../rotate} (the next version), {@code POST .../delete} (every version),
 * each with the credential as JSON ({@link CredentialParser}) and answering its versions, never its
 * content; {@code GET /v1/provider-credentials} lists them. Each route prepares the change and
 * applies it ({@link ProviderCredentials}); a refusal is recorded under {@code credential.set},
 * {@code credential.rotate}, {@code credential.remove} or {@code credential.list}, without the
 * body.
 */
final class CredentialRoutes implements RouteModule {
  private static final String PATH = "/v1/provider-credentials/{provider}/{name}";
  private final ProviderCredentials credentials;

  CredentialRoutes(ProviderCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/v1/provider-credentials", this::list);
    r.put(PATH, ctx -> change(ctx, Op.SET));
    r.post(PATH + "/rotate", ctx -> change(ctx, Op.ROTATE));
    r.post(PATH + "/delete", ctx -> change(ctx, Op.REMOVE));
  }

  private void list(Context ctx) throws ControlPlaneException {
    ctx.attribute(Routes.ABOUT, new Refusal("credential.list", "credentials", Map.of()));
    Replies.json(ctx, 200, credentials.list(Routes.caller(ctx)));
  }

  private void change(Context ctx, Op op) throws ApiProblem, ControlPlaneException {
    String provider = ctx.pathParam("provider");
    String name = ctx.pathParam("name");
    ctx.attribute(
        Routes.ABOUT,
        new Refusal(
            ProviderCredentials.action(op), "credential:" + provider + "/" + name, Map.of()));
    byte[] body = op == Op.REMOVE ? null : ctx.bodyAsBytes();
    CredentialChange change = credentials.prepare(Routes.caller(ctx), op, provider, name, body);
    Replies.json(ctx, 200, credentials.apply(Routes.caller(ctx), change));
  }
}

package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Refusal;
import io.dooor.core.proposal.Proposal;
import io.dooor.core.proposal.ProposalKind;
import io.dooor.http.Replies;
import io.dooor.provision.credentials.CredentialChange;
import io.dooor.provision.credentials.CredentialChange.Op;
import io.dooor.provision.credentials.CredentialParser;
import io.dooor.provision.credentials.ProviderCredentials;
import io.dooor.server.internal.Routes;
import io.dooor.server.internal.Views;
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
 * body. Under {@code --approvals provider_credentials=M} (M above 1) a change answers 202 with a
 * PROVIDER_CREDENTIALS proposal: the change is sealed first and the proposal carries the sealed
 * version ({@link ProviderCredentials#changeText}), applied on its M-th approval.
 */
final class CredentialRoutes implements RouteModule {
  private static final String PATH = "/v1/provider-credentials/{provider}/{name}";
  private final ProviderCredentials credentials;
  private final ControlPlane plane;

  CredentialRoutes(ProviderCredentials credentials, ControlPlane plane) {
    this.credentials = credentials;
    this.plane = plane;
    plane.registerApplier(ProposalKind.PROVIDER_CREDENTIALS, credentials.applier());
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
    if (plane.approvalsNeeded(ProposalKind.PROVIDER_CREDENTIALS) > 1) {
      Proposal p = plane.propose(Routes.caller(ctx), ProviderCredentials.changeText(change));
      Replies.json(ctx, 202, Views.proposal(p));
      return;
    }
    Replies.json(ctx, 200, credentials.apply(Routes.caller(ctx), change));
  }
}

package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.client.Json;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Refusal;
import io.dooor.http.Replies;
import io.dooor.provision.JoinTokens;
import io.dooor.provision.Requests;
import io.dooor.provision.WorkloadSpecParser;
import io.dooor.provision.Workloads;
import io.dooor.server.internal.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The provisioning API (issue 14): {@code PUT /v1/workloads/{name}} (a workload spec, whose name
 * must be the path's), {@code GET /v1/workloads[/{name}]}, {@code POST /v1/workloads/{name}/scale}
 * {count}, {@code POST /v1/workloads/{name}/delete}, and {@code POST /v1/join} {token} for agents.
 * Each route names its operation before it can be refused, so the edge records every refusal under
 * it ({@code workload.apply}, ..., {@code machine.join}); a refused join is recorded without its
 * token.
 */
final class ProvisionRoutes implements RouteModule {
  private final Workloads workloads;
  private final JoinTokens tokens;

  ProvisionRoutes(Workloads workloads, JoinTokens tokens) {
    this.workloads = workloads;
    this.tokens = tokens;
  }

  @Override
  public void register(RoutesConfig r) {
    r.put("/v1/workloads/{name}", this::apply);
    r.get("/v1/workloads", this::list);
    r.get("/v1/workloads/{name}", this::show);
    r.post("/v1/workloads/{name}/scale", this::scale);
    r.post("/v1/workloads/{name}/delete", this::delete);
    r.post("/v1/join", this::join);
  }

  private static String name(Context ctx, String action) throws ApiProblem {
    String raw = ctx.pathParam("name");
    about(ctx, action, "workload:" + raw);
    return WorkloadSpecParser.name(raw);
  }

  private static void about(Context ctx, String action, String subject) {
    ctx.attribute(Routes.ABOUT, new Refusal(action, subject, Map.of()));
  }

  private void apply(Context ctx) throws ApiProblem, ControlPlaneException {
    String name = name(ctx, "workload.apply");
    byte[] body = ctx.bodyAsBytes();
    var view = workloads.apply(Routes.caller(ctx), body, name);
    Replies.json(ctx, 200, view);
  }

  private void list(Context ctx) throws ControlPlaneException {
    about(ctx, "workload.list", "workloads");
    Replies.json(ctx, 200, workloads.list(Routes.caller(ctx)));
  }

  private void show(Context ctx) throws ApiProblem, ControlPlaneException {
    String name = name(ctx, "workload.read");
    Replies.json(ctx, 200, workloads.show(Routes.caller(ctx), name));
  }

  private void scale(Context ctx) throws ApiProblem, ControlPlaneException {
    String name = name(ctx, "workload.scale");
    Requests.Scale body = Json.read(ctx.bodyAsBytes(), Requests.Scale.class);
    if (body.count() == null) {
      throw ApiProblem.badField("count", "field 'count' is required");
    }
    Replies.json(ctx, 200, workloads.scale(Routes.caller(ctx), name, body.count()));
  }

  private void delete(Context ctx) throws ApiProblem, ControlPlaneException {
    String name = name(ctx, "workload.delete");
    Replies.json(ctx, 200, workloads.delete(Routes.caller(ctx), name));
  }

  private void join(Context ctx) throws ApiProblem, ControlPlaneException {
    about(ctx, JoinTokens.ACTION, "join");
    Requests.Join body = Json.read(ctx.bodyAsBytes(), Requests.Join.class);
    JoinTokens.Joined joined = tokens.redeem(Routes.caller(ctx), body.token());
    Replies.json(ctx, 200, new Requests.Joined(joined.nodeId(), joined.workload()));
  }
}

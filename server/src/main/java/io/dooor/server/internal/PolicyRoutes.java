package io.dooor.server.internal;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.PolicyBodies;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.PolicySpec;
import io.dooor.core.proposal.ProposalKind;
import io.dooor.http.Replies;
import io.javalin.http.Context;

/** PUT and GET of workload policies. */
final class PolicyRoutes {
  private final ControlPlane plane;

  PolicyRoutes(ControlPlane plane) {
    this.plane = plane;
  }

  void set(Context ctx) throws ApiProblem, ControlPlaneException {
    Dto.PolicyBody body = Json.read(ctx.bodyAsBytes(), Dto.PolicyBody.class);
    PolicySpec spec = PolicyBodies.spec(workload(ctx), body);
    if (plane.approvalsNeeded(ProposalKind.POLICY) > 1) {
      ProposalRoutes.accepted(ctx, plane.proposePolicy(Routes.caller(ctx), spec));
      return;
    }
    Replies.json(ctx, 200, Views.policy(plane.setPolicy(Routes.caller(ctx), spec)));
  }

  void get(Context ctx) throws ApiProblem, ControlPlaneException {
    Replies.json(ctx, 200, Views.policy(plane.policy(Routes.caller(ctx), workload(ctx))));
  }

  private static String workload(Context ctx) throws ApiProblem {
    return Routes.identifier("workload", ctx.pathParam("workload"), Routes.MAX_WORKLOAD);
  }
}

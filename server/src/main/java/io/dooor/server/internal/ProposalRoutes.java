package io.dooor.server.internal;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.proposal.Proposal;
import io.dooor.http.Replies;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * m of n controller approvals (issue 16): list and show proposals, approve or reject one. Each
 * decision is its own signed request (RFC 9421, nonce remembered: the same request never counts
 * twice) naming the SHA-256 of the change.
 */
final class ProposalRoutes {
  private final ControlPlane plane;

  ProposalRoutes(ControlPlane plane) {
    this.plane = plane;
  }

  void list(Context ctx) throws ControlPlaneException {
    Replies.json(
        ctx, 200, plane.proposals(Routes.caller(ctx)).stream().map(Views::proposal).toList());
  }

  void show(Context ctx) throws ApiProblem, ControlPlaneException {
    Replies.json(ctx, 200, Views.proposal(plane.proposal(Routes.caller(ctx), id(ctx))));
  }

  void approve(Context ctx) throws ApiProblem, ControlPlaneException {
    String id = id(ctx);
    Replies.json(ctx, 200, Views.proposal(plane.approve(Routes.caller(ctx), id, digest(ctx))));
  }

  void reject(Context ctx) throws ApiProblem, ControlPlaneException {
    String id = id(ctx);
    Replies.json(ctx, 200, Views.proposal(plane.reject(Routes.caller(ctx), id, digest(ctx))));
  }

  /** The answer of a change that needs more approvals: 202 with its proposal. */
  static void accepted(Context ctx, Proposal p) {
    Replies.json(ctx, 202, Views.proposal(p));
  }

  private static String id(Context ctx) throws ApiProblem {
    String id = ctx.pathParam("id");
    if (!id.matches("[0-9a-f]{32}")) {
      throw ApiProblem.badField("id", "a proposal id is 32 lower-case hex digits");
    }
    return id;
  }

  private static Bytes digest(Context ctx) throws ApiProblem {
    Dto.ProposalDecision body = Json.read(ctx.bodyAsBytes(), Dto.ProposalDecision.class);
    String hex = Json.required("digest", body.digest()).toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw ApiProblem.badField("digest", "digest is the SHA-256 of the change, 64 hex digits");
    }
    return Bytes.fromHex(hex);
  }
}

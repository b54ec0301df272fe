package io.dooor.server.internal;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import io.dooor.core.proposal.ProposalKind;
import io.dooor.http.Replies;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Roles of principals (DESIGN §2): grant one, revoke one, list all. */
final class PrincipalRoutes {
  private final ControlPlane plane;

  PrincipalRoutes(ControlPlane plane) {
    this.plane = plane;
  }

  void grant(Context ctx) throws ApiProblem, ControlPlaneException {
    Dto.Grant body = Json.read(ctx.bodyAsBytes(), Dto.Grant.class);
    if (proposed(ctx, true, body)) {
      return;
    }
    plane.grant(Routes.caller(ctx), principal(body), role(body));
    Replies.json(ctx, 200, body);
  }

  /** 404 if the principal does not hold the role; 409 (last-controller) for the last one. */
  void revoke(Context ctx) throws ApiProblem, ControlPlaneException {
    Dto.Grant body = Json.read(ctx.bodyAsBytes(), Dto.Grant.class);
    if (proposed(ctx, false, body)) {
      return;
    }
    plane.revoke(Routes.caller(ctx), principal(body), role(body));
    Replies.json(ctx, 200, body);
  }

  /** With m of n approvals for roles (issue 16): proposes the change, answers 202; else false. */
  private boolean proposed(Context ctx, boolean grant, Dto.Grant body)
      throws ApiProblem, ControlPlaneException {
    if (plane.approvalsNeeded(ProposalKind.ROLE_GRANT) <= 1) {
      return false;
    }
    ProposalRoutes.accepted(
        ctx, plane.proposeRole(Routes.caller(ctx), grant, principal(body), role(body)));
    return true;
  }

  void list(Context ctx) throws ControlPlaneException {
    Map<Principal, Set<Role>> all = plane.principals(Routes.caller(ctx));
    List<Dto.PrincipalRoles> out =
        all.entrySet().stream()
            .map(e -> new Dto.PrincipalRoles(e.getKey().toString(), names(e.getValue())))
            .sorted(java.util.Comparator.comparing(Dto.PrincipalRoles::principal))
            .toList();
    Replies.json(ctx, 200, out);
  }

  private static List<String> names(Set<Role> roles) {
    return roles.stream().sorted().map(r -> r.name().toLowerCase(Locale.ROOT)).toList();
  }

  private static Principal principal(Dto.Grant body) throws ApiProblem {
    try {
      String text = Json.required("principal", body.principal());
      return Principal.parse(Routes.identifier("principal", text, Routes.MAX_PRINCIPAL));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField("principal", e.getMessage());
    }
  }

  private static Role role(Dto.Grant body) throws ApiProblem {
    try {
      return Role.valueOf(Json.required("role", body.role()).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField("role", "role must be controller, operator or auditor");
    }
  }
}

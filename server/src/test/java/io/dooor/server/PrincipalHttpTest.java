package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Roles over HTTP: grant adds, revoke removes, the last controller stays; unset policies 404. */
class PrincipalHttpTest extends SimPlaneHttpFixture {
  final Identity operator = Identity.generate();

  @Test
  void grantAddsARoleAndTheListShowsEveryRole() throws Exception {
    admin.post("/v1/principals", grant(controller, "auditor"), Dto.Grant.class);
    admin.post("/v1/principals", grant(operator, "operator"), Dto.Grant.class);
    assertThat(admin.getList("/v1/principals", Dto.PrincipalRoles.class))
        .containsExactlyInAnyOrder(
            new Dto.PrincipalRoles(
                controller.principal().toString(), List.of("controller", "auditor")),
            new Dto.PrincipalRoles(operator.principal().toString(), List.of("operator")));
  }

  @Test
  void theLastControllerIsNotRevokedAndTheRefusalIsRecorded() throws Exception {
    ApiException refused =
        catchThrowableOfType(
            () ->
                admin.post(
                    "/v1/principals/revoke", grant(controller, "controller"), Dto.Grant.class),
            ApiException.class);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.getMessage()).contains("last-controller");
    assertThat(lastEvent().action()).isEqualTo("principal.revoke");
    assertThat(lastEvent().outcome().name()).isEqualTo("REFUSED");
    admin.post("/v1/principals", grant(operator, "controller"), Dto.Grant.class);
    new ApiClient(url, operator)
        .post("/v1/principals/revoke", grant(controller, "controller"), Dto.Grant.class);
    assertThat(lastEvent().action()).isEqualTo("principal.revoke");
    assertThat(lastEvent().outcome().name()).isEqualTo("OK");
    assertThat(d.plane().store().roles(controller.principal())).isEmpty();
  }

  @Test
  void aPolicyNobodySetIsNotFound() {
    ApiException missing =
        catchThrowableOfType(
            () -> admin.get("/v1/policies/typo", Dto.PolicyView.class), ApiException.class);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.getMessage()).contains("no policy is set for workload typo");
  }

  @Test
  void theOpenApiDocumentListsTheRoleRoutes() throws Exception {
    com.fasterxml.jackson.databind.JsonNode paths =
        admin.get("/v1/openapi.json", com.fasterxml.jackson.databind.JsonNode.class).get("paths");
    assertThat(paths.get("/v1/principals").has("get")).isTrue();
    assertThat(paths.get("/v1/principals/revoke").has("post")).isTrue();
  }

  static Dto.Grant grant(Identity who, String role) {
    return new Dto.Grant(who.principal().toString(), role);
  }
}

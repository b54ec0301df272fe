package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.core.Event;
import io.dooor.core.proposal.ProposalRules;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROVIDER_CREDENTIALS proposals over HTTP (issue 14 with issue 16), on a real embedded control
 * plane with provider_credentials=2: set, rotate and remove each answer 202 with a proposal whose
 * recorded change carries the sealed version, never the secret; nothing changes until the second
 * controller approves; bad input is refused naming the field and proposes nothing.
 */
class CredentialProposalHttpTest {
  private static final String SECRET_1 = "proposedSecret~0123456789abcdefXYZ";
  private static final String SECRET_2 = "rotatedSecret~9876543210fedcbaQRS";
  private static final String PATH = "/v1/provider-credentials/azure/default";

  private final Identity alice = Identity.generate();
  private final Identity bob = Identity.generate();
  @TempDir Path dir;
  private Deployment d;
  private ApiClient a;
  private ApiClient b;

  @AfterEach
  void stop() {
    if (d != null) {
      d.close();
    }
  }

  @Test
  void setRotateAndRemoveApplyOnTheSecondApprovalWithoutTheSecretInTheProposal() throws Exception {
    ProposalRules rules =
        ProposalRules.parse(List.of("provider_credentials=2"), Duration.ofHours(1));
    d = Deployment.start(DeploymentConfig.embedded(dir, 0), AuditWitnesses.none(), rules);
    URI url = URI.create("http://127.0.0.1:" + d.port());
    a = new ApiClient(url, alice);
    b = new ApiClient(url, bob);
    d.plane().init(alice.principal());
    assertThat(
            a.raw(
                    "POST",
                    "/v1/principals",
                    Json.write(new Dto.Grant(bob.principal().toString(), "controller")))
                .statusCode())
        .isBetween(200, 202);

    HttpResponse<byte[]> bad =
        a.raw(
            "PUT",
            PATH,
            "{\"kind\":\"azure-client-secret\",\"tenant_id\":\"t\",\"client_id\":\"c d\",\"client_secret\":\"s\"}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new String(bad.body(), StandardCharsets.UTF_8)).contains("client_id");
    assertThat(a.getList("/v1/proposals", Dto.ProposalView.class)).isEmpty();

    Dto.ProposalView set = propose("PUT", PATH, SECRET_1);
    assertThat(set.kind()).isEqualTo("provider_credentials");
    assertThat(set.state()).isEqualTo("pending");
    assertThat(set.change())
        .startsWith("dooor-change/v1 provider_credentials\nop SET\nprovider azure\nname default\n")
        .contains("kind azure-client-secret\nciphertext ")
        .doesNotContain(SECRET_1);
    assertThat(versions()).isEqualTo(0);
    approve(set);
    assertThat(versions()).isEqualTo(1);
    Event applied = last("credential.set");
    assertThat(applied.details()).containsEntry("by", "proposal").containsEntry("version", "1");
    assertThat(applied.actor()).isEqualTo(alice.principal());

    Dto.ProposalView rotate = propose("POST", PATH + "/rotate", SECRET_2);
    assertThat(rotate.change()).contains("op ROTATE").doesNotContain(SECRET_2);
    approve(rotate);
    assertThat(versions()).isEqualTo(2);

    HttpResponse<byte[]> rm = a.raw("POST", PATH + "/delete", new byte[0]);
    assertThat(rm.statusCode()).isEqualTo(202);
    Dto.ProposalView remove = Json.MAPPER.readValue(rm.body(), Dto.ProposalView.class);
    assertThat(versions()).isEqualTo(2);
    approve(remove);
    assertThat(a.getList("/v1/provider-credentials", Object.class)).isEmpty();

    String all =
        new String(
            a.raw("GET", "/v1/events?from=0&limit=1000", new byte[0]).body(),
            StandardCharsets.UTF_8);
    assertThat(all).contains("credential.remove").doesNotContain(SECRET_1, SECRET_2);
  }

  private Dto.ProposalView propose(String method, String path, String secret) throws Exception {
    HttpResponse<byte[]> res =
        a.raw(
            method,
            path,
            ("{\"kind\":\"azure-client-secret\",\"tenant_id\":\"dooor-tenant\","
                    + "\"client_id\":\"client-1\",\"client_secret\":\""
                    + secret
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(res.statusCode()).as(new String(res.body(), StandardCharsets.UTF_8)).isEqualTo(202);
    return Json.MAPPER.readValue(res.body(), Dto.ProposalView.class);
  }

  private void approve(Dto.ProposalView p) throws Exception {
    Dto.ProposalView done =
        b.post(
            "/v1/proposals/" + p.id() + "/approve",
            new Dto.ProposalDecision(p.digest()),
            Dto.ProposalView.class);
    assertThat(done.state()).isEqualTo("applied");
  }

  /** The stored versions of azure/default. */
  private int versions() throws Exception {
    String list =
        new String(
            a.raw("GET", "/v1/provider-credentials", new byte[0]).body(), StandardCharsets.UTF_8);
    return list.split("\"version\"", -1).length - 1;
  }

  private Event last(String action) {
    List<Event> all = d.plane().store().events(0, d.plane().store().eventCount());
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).action().equals(action)) {
        return all.get(i);
      }
    }
    throw new AssertionError("no " + action + " event");
  }
}

package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.Role;
import io.dooor.core.proposal.ProposalRules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * m of n controller approvals over HTTP (issue 16), on a real embedded control plane with real RFC
 * 9421 signatures: policy and role changes need 2 approvals; one approval stays pending and
 * recorded, the second applies; forged, tampered, repeated, replayed (also after a restart) and
 * late approvals are refused and change nothing.
 */
class ProposalHttpTest {
  private static final Dto.PolicyBody SIM =
      new Dto.PolicyBody(
          List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L);

  private final HttpClient http = HttpClient.newHttpClient();
  private final Identity alice = Identity.generate();
  private final Identity bob = Identity.generate();
  @TempDir Path dir;
  private Deployment d;
  private URI url;
  private ApiClient a;
  private ApiClient b;

  /** Starts on {@code dir} with policy=2 and role_grant=2; alice and bob are controllers. */
  private void start(Duration ttl, boolean first) throws Exception {
    ProposalRules rules = ProposalRules.parse(List.of("policy=2", "role_grant=2"), ttl);
    d = Deployment.start(DeploymentConfig.embedded(dir, 0), AuditWitnesses.none(), rules);
    url = URI.create("http://127.0.0.1:" + d.port());
    a = new ApiClient(url, alice);
    b = new ApiClient(url, bob);
    if (first) {
      d.plane().init(alice.principal());
      // one controller: every controller (all 1 of them) approves at once
      Dto.ProposalView grant = propose(a, "POST", "/v1/principals", grant(bob, "controller"));
      assertThat(grant.state()).isEqualTo("applied");
      assertThat(grant.threshold()).isEqualTo(1);
    }
  }

  @AfterEach
  void stop() {
    if (d != null) {
      d.close();
    }
  }

  @Test
  void onePolicyApprovalOfTwoStaysPendingAndTheSecondAppliesIt() throws Exception {
    start(Duration.ofHours(1), true);
    Dto.ProposalView p = propose(a, "PUT", "/v1/policies/w", SIM);
    assertThat(p.state()).isEqualTo("pending");
    assertThat(p.kind()).isEqualTo("policy");
    assertThat(p.threshold()).isEqualTo(2);
    assertThat(p.approvals()).isEqualTo(1);
    assertThat(p.change()).startsWith("dooor-change/v1 policy\nworkload w\ntee_type sim\n");
    assertThat(last("proposal.create").details()).containsEntry("state", "pending");
    assertThat(policyStatus()).isEqualTo(404);
    assertThat(b.get("/v1/proposals/" + p.id(), Dto.ProposalView.class)).isEqualTo(p);

    Dto.ProposalView done = decide(b, p, "approve", p.digest());
    assertThat(done.state()).isEqualTo("applied");
    assertThat(done.decisions())
        .extracting(Dto.DecisionView::principal)
        .containsExactly(alice.principal().toString(), bob.principal().toString());
    assertThat(policyStatus()).isEqualTo(200);
    Event applied = last("proposal.apply");
    assertThat(applied.details())
        .containsEntry("change", "policy.set")
        .containsEntry("workload", "w")
        .containsEntry("approvers", alice.principal() + "," + bob.principal());
    assertThat(applied.actor()).isEqualTo(bob.principal());
  }

  @Test
  void aRoleGrantNeedsTwoControllers() throws Exception {
    start(Duration.ofHours(1), true);
    Identity op = Identity.generate();
    Dto.ProposalView p = propose(a, "POST", "/v1/principals", grant(op, "operator"));
    assertThat(p.state()).isEqualTo("pending");
    assertThat(d.plane().store().roles(op.principal())).isEmpty();
    decide(b, p, "approve", p.digest());
    assertThat(d.plane().store().roles(op.principal())).containsExactly(Role.OPERATOR);
  }

  @Test
  void forgedTamperedAndRepeatedApprovalsAreRefusedAndChangeNothing() throws Exception {
    start(Duration.ofHours(1), true);
    Dto.ProposalView p = propose(a, "PUT", "/v1/policies/w", SIM);
    String path = "/v1/proposals/" + p.id() + "/approve";

    ApiException wrongDigest = refusal(() -> decide(b, p, "approve", "00".repeat(32)));
    assertThat(wrongDigest.status()).isEqualTo(400);
    assertThat(wrongDigest.failedChecks()).containsExactly("proposal.digest_mismatch");
    assertThat(wrongDigest.getMessage()).contains("digest");
    assertThat(last("proposal.approve").outcome()).isEqualTo(Event.Outcome.REFUSED);

    Identity mallory = Identity.generate();
    ApiException notController =
        refusal(() -> decide(new ApiClient(url, mallory), p, "approve", p.digest()));
    assertThat(notController.status()).isEqualTo(403);

    // signed by mallory's key while claiming to be bob (bob's keyid and public key)
    Map<String, String> forged = new HashMap<>(sign(bob, path, body(p.digest())));
    forged.put("Signature", sign(mallory, path, body(p.digest())).get("Signature"));
    assertThat(send(path, forged, body(p.digest())).statusCode()).isEqualTo(401);

    // bob's real signature over one digest, sent with another body
    Map<String, String> signed = sign(bob, path, body(p.digest()));
    assertThat(send(path, signed, body("11".repeat(32))).statusCode()).isEqualTo(401);

    ApiException twice = refusal(() -> decide(a, p, "approve", p.digest()));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.failedChecks()).containsExactly("proposal.already_decided");

    Dto.ProposalView still = a.get("/v1/proposals/" + p.id(), Dto.ProposalView.class);
    assertThat(still.state()).isEqualTo("pending");
    assertThat(still.approvals()).isEqualTo(1);
    assertThat(policyStatus()).isEqualTo(404);
  }

  @Test
  void aReplayedApprovalIsRefusedAlsoAfterARestart() throws Exception {
    start(Duration.ofHours(1), true);
    Dto.ProposalView first = propose(a, "PUT", "/v1/policies/w", SIM);
    Dto.ProposalView second = propose(a, "PUT", "/v1/policies/v", SIM);
    String path = "/v1/proposals/" + first.id() + "/approve";
    byte[] body = body(first.digest());
    Map<String, String> captured = sign(bob, path, body);
    assertThat(send(path, captured, body).statusCode()).isEqualTo(200);
    HttpResponse<String> replay = send(path, captured, body);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed");

    d.close();
    start(Duration.ofHours(1), false);
    HttpResponse<String> after = send(path, captured, body);
    assertThat(after.statusCode()).isEqualTo(401);
    Dto.ProposalView kept = a.get("/v1/proposals/" + second.id(), Dto.ProposalView.class);
    assertThat(kept).isEqualTo(second);
    assertThat(decide(b, kept, "approve", kept.digest()).state()).isEqualTo("applied");
    assertThat(a.getList("/v1/proposals", Dto.ProposalView.class))
        .extracting(Dto.ProposalView::state)
        .containsExactly("applied", "applied", "applied");
  }

  @Test
  void anExpiredProposalCannotBeApprovedAndItsExpiryIsRecorded() throws Exception {
    start(Duration.ofSeconds(1), true);
    Dto.ProposalView p = propose(a, "PUT", "/v1/policies/w", SIM);
    Thread.sleep(1200);
    ApiException late = refusal(() -> decide(b, p, "approve", p.digest()));
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.failedChecks()).containsExactly("proposal.expired");
    assertThat(last("proposal.expire").subject()).isEqualTo("proposal:" + p.id());
    assertThat(a.get("/v1/proposals/" + p.id(), Dto.ProposalView.class).state())
        .isEqualTo("expired");
    assertThat(policyStatus()).isEqualTo(404);
  }

  @Test
  void aRejectionThatLeavesTooFewControllersClosesTheProposal() throws Exception {
    start(Duration.ofHours(1), true);
    Dto.ProposalView p = propose(a, "PUT", "/v1/policies/w", SIM);
    assertThat(decide(b, p, "reject", p.digest()).state()).isEqualTo("rejected");
    ApiException closed = refusal(() -> decide(b, p, "approve", p.digest()));
    assertThat(closed.failedChecks()).containsExactly("proposal.not_pending");
    ApiException badId = refusal(() -> b.get("/v1/proposals/NOT-AN-ID", Dto.ProposalView.class));
    assertThat(badId.status()).isEqualTo(400);
    assertThat(policyStatus()).isEqualTo(404);
  }

  private Dto.ProposalView propose(ApiClient c, String method, String path, Object body)
      throws Exception {
    HttpResponse<byte[]> res = c.exchange(method, path, body);
    assertThat(res.statusCode()).as("%s %s", method, path).isEqualTo(202);
    return Json.MAPPER.readValue(res.body(), Dto.ProposalView.class);
  }

  private static Dto.ProposalView decide(
      ApiClient c, Dto.ProposalView p, String verb, String digest) throws Exception {
    return c.post(
        "/v1/proposals/" + p.id() + "/" + verb,
        new Dto.ProposalDecision(digest),
        Dto.ProposalView.class);
  }

  private int policyStatus() throws Exception {
    return a.raw("GET", "/v1/policies/w", new byte[0]).statusCode();
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

  private static byte[] body(String digest) {
    return Json.write(new Dto.ProposalDecision(digest));
  }

  private static Map<String, String> sign(Identity who, String path, byte[] body) {
    return new RequestSigner(who).sign("POST", path, "", Bytes.of(body));
  }

  private HttpResponse<String> send(String path, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(url.resolve(path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json");
    headers.forEach(req::header);
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static ApiException refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
    return catchThrowableOfType(c, ApiException.class);
  }

  private static Dto.Grant grant(Identity who, String role) {
    return new Dto.Grant(who.principal().toString(), role);
  }
}

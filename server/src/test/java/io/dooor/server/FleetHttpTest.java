package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.vetkd.TransportSecretKey;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Bad input from agents over signed HTTP (issue 12): a first report that does not bind the key,
 * garbage evidence, a replayed challenge, someone else's key and a heartbeat from a deactivated
 * node are each refused 4xx, recorded once, and change nothing. Then the fleet over time: a policy
 * that drops a node's measurement makes it STALE within one sweep and its derive requests 403, and
 * draining keeps a node deriving but not ACTIVE.
 */
class FleetHttpTest extends SimPlaneHttpFixture {
  final Identity key = Identity.generate();

  ApiClient node() {
    return new ApiClient(url, key);
  }

  Dto.Registered register(Identity who, String id, Bytes report) throws Exception {
    return new ApiClient(url, who)
        .post(
            "/v1/nodes",
            new Dto.RegisterNode(id, "w", "sim", who.publicKeySpki().base64(), report.base64()),
            Dto.Registered.class);
  }

  Bytes admit(String id) throws Exception {
    Dto.Registered reg = register(key, id, sim(key, new byte[32]));
    Bytes evidence = sim(key, Bytes.fromBase64(reg.challenge().nonce()).toArray());
    node()
        .post(
            "/v1/nodes/" + id + "/attestation",
            new Dto.Attest(evidence.base64()),
            Dto.NodeView.class);
    return evidence;
  }

  Optional<Node> stored(String id) {
    return d.plane().store().node(NodeId.of(id));
  }

  /** {@code call} is refused with {@code status}, one REFUSED event, and node n1 unchanged. */
  ApiException refusedAndUnchanged(int status, String action, Call call) throws Exception {
    Optional<Node> before = stored("n1");
    long events = events();
    ApiException e = null;
    try {
      call.run();
    } catch (ApiException refused) {
      e = refused;
    }
    assertThat(e).as("refused").isNotNull();
    assertThat(e.status()).isEqualTo(status);
    assertThat(events()).as("one event").isEqualTo(events + 1);
    assertThat(lastEvent().outcome()).isEqualTo(Event.Outcome.REFUSED);
    assertThat(lastEvent().action()).isEqualTo(action);
    assertThat(stored("n1")).isEqualTo(before);
    return e;
  }

  interface Call {
    void run() throws Exception;
  }

  @Test
  void aFirstReportThatDoesNotBindTheKeyIsRefusedRecordedAndStoresNothing() throws Exception {
    Identity other = Identity.generate();
    Bytes boundToOther = sim(other, new byte[32]);
    ApiException e =
        refusedAndUnchanged(422, "node.register", () -> register(key, "n1", boundToOther));
    assertThat(e.code()).isEqualTo("binding-mismatch");
    assertThat(e.failedChecks()).containsExactly("initial_report_binding");
    assertThat(stored("n1")).isEmpty();
  }

  @Test
  void garbageEvidenceIsRefusedRecordedAndChangesNothing() throws Exception {
    register(key, "n1", sim(key, new byte[32]));
    ApiException e =
        refusedAndUnchanged(
            422,
            "node.verify",
            () ->
                node()
                    .post(
                        "/v1/nodes/n1/attestation",
                        new Dto.Attest(Bytes.of(new byte[7]).base64()),
                        Dto.NodeView.class));
    assertThat(e.code()).isEqualTo("evidence-invalid");
    assertThat(stored("n1").orElseThrow().state().name()).isEqualTo("PENDING");
  }

  @Test
  void aReplayedChallengeIsRefusedRecordedAndChangesNothing() throws Exception {
    Bytes evidence = admit("n1");
    ApiException e =
        refusedAndUnchanged(
            409,
            "node.verify",
            () ->
                node()
                    .post(
                        "/v1/nodes/n1/attestation",
                        new Dto.Attest(evidence.base64()),
                        Dto.NodeView.class));
    assertThat(e.code()).isEqualTo("challenge-missing");
  }

  @Test
  void someoneElsesKeyIsRefusedRecordedAndChangesNothing() throws Exception {
    admit("n1");
    Identity other = Identity.generate();
    Dto.ChallengeView c = node().post("/v1/nodes/n1/challenge", Map.of(), Dto.ChallengeView.class);
    Bytes boundToOther = sim(other, Bytes.fromBase64(c.nonce()).toArray());
    ApiException e =
        refusedAndUnchanged(
            422,
            "node.verify",
            () ->
                node()
                    .post(
                        "/v1/nodes/n1/attestation",
                        new Dto.Attest(boundToOther.base64()),
                        Dto.NodeView.class));
    assertThat(e.failedChecks()).containsExactly("report_data_binding");
    ApiClient stranger = new ApiClient(url, other);
    refusedAndUnchanged(
        403,
        "node.heartbeat",
        () -> stranger.post("/v1/nodes/n1/heartbeat", Map.of(), Dto.NodeView.class));
  }

  @Test
  void aHeartbeatFromADeactivatedNodeIsRefusedRecordedAndChangesNothing() throws Exception {
    admit("n1");
    admin.post("/v1/nodes/n1/deactivate", new Dto.Deactivate("retired"), Dto.NodeView.class);
    ApiException e =
        refusedAndUnchanged(
            409,
            "node.heartbeat",
            () -> node().post("/v1/nodes/n1/heartbeat", Map.of(), Dto.NodeView.class));
    assertThat(e.code()).isEqualTo("conflict");
  }

  @Test
  void droppingAMeasurementMakesTheNodeStaleWithinOneSweepAndItsDerivesAre403() throws Exception {
    admit("n1");
    admin.put(
        "/v1/policies/w",
        new Dto.PolicyBody(
            List.of("sim"),
            Map.of("MEASUREMENT", List.of("ee".repeat(48))),
            Map.of(),
            List.of("NotApplicable"),
            false,
            600L,
            60L),
        Dto.PolicyView.class);
    d.plane().sweep();
    Dto.NodeView n = node().get("/v1/nodes/n1", Dto.NodeView.class);
    assertThat(n.state()).isEqualTo("STALE");
    assertThat(n.reason()).contains("measurement MEASUREMENT");
    ApiException refused = refusedDerive();
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.failedChecks()).containsExactly("derive.node_not_active");
  }

  @Test
  void aDrainingNodeStillDerivesAndOnlyDeactivationEndsIt() throws Exception {
    admit("n1");
    HttpResponse<byte[]> badReason =
        admin.raw("POST", "/v1/nodes/n1/drain", Json.write(Map.of("reason", "")));
    assertThat(badReason.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readValue(badReason.body(), Dto.Problem.class).field())
        .isEqualTo("reason");
    refusedAndUnchanged(
        403,
        "node.drain",
        () -> node().post("/v1/nodes/n1/drain", new Dto.Drain("me"), Dto.NodeView.class));

    Dto.NodeView drained =
        admin.post("/v1/nodes/n1/drain", new Dto.Drain("scale down"), Dto.NodeView.class);
    assertThat(drained.state()).isEqualTo("DRAINING");
    assertThat(node().post("/v1/nodes/n1/heartbeat", Map.of(), Dto.NodeView.class).state())
        .isEqualTo("DRAINING");
    TransportSecretKey tsk = TransportSecretKey.generate();
    Dto.DerivedKeyView k =
        node()
            .post(
                "/v1/nodes/n1/keys",
                new Dto.DeriveKey(null, tsk.publicKey().toBytes().base64()),
                Dto.DerivedKeyView.class);
    assertThat(Bytes.fromBase64(k.encryptedKey()).length()).isEqualTo(192);
    Dto.NodeView dead =
        admin.post("/v1/nodes/n1/deactivate", new Dto.Deactivate("done"), Dto.NodeView.class);
    assertThat(dead.state()).isEqualTo("DEACTIVATED");
    assertThat(refusedDerive().status()).isEqualTo(403);
  }

  @Test
  void theAutomaticDecisionsRoundTripThroughThePolicyApi() throws Exception {
    Dto.PolicyView v =
        admin.put(
            "/v1/policies/auto",
            new Dto.PolicyBody(List.of("sim"), null, null, null, false, 600L, 60L, 120L, 3, false),
            Dto.PolicyView.class);
    assertThat(v.unreachableGraceSeconds()).isEqualTo(120);
    assertThat(v.maxFailedAttestations()).isEqualTo(3);
    assertThat(v.deactivateOnTcbRevoked()).isFalse();
    Dto.PolicyView defaults = admin.get("/v1/policies/w", Dto.PolicyView.class);
    assertThat(defaults.unreachableGraceSeconds()).isZero();
    assertThat(defaults.maxFailedAttestations()).isZero();
    assertThat(defaults.deactivateOnTcbRevoked()).isTrue();
    for (String bad :
        List.of(
            "{\"allowed_tee_types\":[\"sim\"],\"unreachable_grace_seconds\":-1}",
            "{\"allowed_tee_types\":[\"sim\"],\"max_failed_attestations\":1001}",
            "{\"allowed_tee_types\":[\"sim\"],\"deactivate_on_tcb_revoked\":\"yes\"}")) {
      HttpResponse<byte[]> res =
          admin.raw(
              "PUT", "/v1/policies/auto", bad.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(res.statusCode()).as(bad).isEqualTo(400);
      assertThat(Json.MAPPER.readValue(res.body(), Dto.Problem.class).field())
          .as(bad)
          .isIn(
              "unreachable_grace_seconds", "max_failed_attestations", "deactivate_on_tcb_revoked");
    }
    assertThat(admin.get("/v1/policies/auto", Dto.PolicyView.class).version()).isEqualTo(1);
  }

  ApiException refusedDerive() throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    try {
      node()
          .post(
              "/v1/nodes/n1/keys",
              new Dto.DeriveKey(null, tsk.publicKey().toBytes().base64()),
              Dto.DerivedKeyView.class);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("derived");
  }
}

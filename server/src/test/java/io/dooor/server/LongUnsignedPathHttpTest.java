package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.InclusionProof;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.Event;
import io.dooor.core.EventLimits;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The defect of issue #10: an unsigned request with a path longer than the audit subject limit (512
 * bytes) got 500, because its refusal broke the limit inside the store transaction. Now a 600-byte
 * and a 64 KiB path get 401 problem+json, are recorded (bounded, with a digest of the whole path),
 * survive a restart, and the log still verifies: by our {@link AuditVerifier} (signature, replay of
 * every entry, inclusion of the refusal) and by Go's sumdb/tlog ({@link GoTlog}).
 */
class LongUnsignedPathHttpTest extends RefusalHttpFixture {
  static final String PATH_600 = "/v1/nodes/" + "x".repeat(590);
  static final String PATH_64K = "/v1/nodes/" + "y".repeat(64 * 1024 - 10);

  @Test
  void longUnsignedPathsGet401AreRecordedAndTheLogStillVerifies() throws Exception {
    String before = d.publishCheckpoint();
    long recorded = events();
    assertUnauthenticated(unsigned(PATH_600));
    assertUnauthenticated(unsigned(PATH_64K));
    restart();

    List<Event> added = eventsFrom(recorded);
    assertThat(added).hasSize(1);
    Event summary = added.get(0);
    assertThat(counted(added)).isEqualTo(2);
    assertThat(summary.details()).containsEntry("refused.missing-signature", "2");
    assertBounded(summary.details().get("first"), "GET " + PATH_600);
    assertBounded(summary.details().get("last"), "GET " + PATH_64K);

    VerifiedCheckpoint[] cps = verifyWithOurVerifier(before, recorded);
    new GoTlog(admin, dir.resolve("go")).verify(cps[0], cps[1], d.auditVerifierKey(), recorded);
  }

  @Test
  void aRequestBeyondJettysLimitGetsProblemJsonAndIsCounted() throws Exception {
    long recorded = events();
    String path = "/v1/nodes/" + "z".repeat(ControlPlaneServer.MAX_REQUEST_HEAD + 1024);
    HttpResponse<String> res = unsigned(path);
    assertThat(res.statusCode()).isIn(414, 431);
    assertThat(res.headers().firstValue("content-type").orElse(""))
        .startsWith("application/problem+json");
    Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
    assertThat(p.status()).isEqualTo(res.statusCode());
    assertThat(p.code()).isIn("uri-too-long", "headers-too-large");
    restart();
    List<Event> added = eventsFrom(recorded);
    assertThat(counted(added)).isEqualTo(1);
    assertThat(added.get(0).details()).containsEntry("refused." + p.code(), "1");
  }

  @Test
  void signedRequestsWithOverlongNamesGet400NamingTheFieldAndAreRecordedBounded() throws Exception {
    String workload = "w".repeat(600);
    Dto.PolicyBody policy =
        new Dto.PolicyBody(List.of("sim"), Map.of(), Map.of(), List.of("x"), false, 600L, 60L);
    assertBadField(
        () -> admin.put("/v1/policies/" + workload, policy, Dto.PolicyView.class), "workload");
    Event e = eventsFrom(events() - 1).get(0);
    assertThat(e.action()).isEqualTo("http.put");
    assertThat(e.reason()).startsWith("invalid-argument: ");
    assertThat(e.details()).containsEntry("field", "workload");
    assertBounded(e.subject(), "/v1/policies/" + workload);
    assertBadField(
        () ->
            admin.post(
                "/v1/nodes/n1/deactivate", new Dto.Deactivate("r".repeat(513)), Dto.NodeView.class),
        "reason");
    assertBadField(() -> admin.get(PATH_600, Dto.NodeView.class), "node_id");
    assertThat(eventsFrom(events() - 1).get(0).subject()).hasSize(EventLimits.MAX_SUBJECT);
  }

  interface Call {
    void run() throws Exception;
  }

  static void assertBadField(Call call, String field) {
    try {
      call.run();
      throw new AssertionError("not refused");
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo("invalid-argument");
      assertThat(e.getMessage()).contains(field);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Cut to 512 bytes (the subject and detail-value limit), ending with the first 16 hex digits of
   * the whole text's SHA-256.
   */
  static void assertBounded(String recorded, String whole) {
    String digest = Digests.sha256Hex(Bytes.of(whole.getBytes(StandardCharsets.UTF_8)));
    assertThat(recorded.getBytes(StandardCharsets.UTF_8)).hasSize(512);
    assertThat(recorded).startsWith(whole.substring(0, 400)).endsWith(digest.substring(0, 16));
  }

  /** Checkpoint signatures, a replay of every entry fetched over HTTP, one inclusion proof. */
  private VerifiedCheckpoint[] verifyWithOurVerifier(String before, long index) throws Exception {
    AuditVerifier v = AuditVerifier.of(d.auditVerifierKey());
    VerifiedCheckpoint old = v.verifyCheckpoint(before);
    VerifiedCheckpoint now = v.verifyCheckpoint(d.publishCheckpoint());
    assertThat(now.size()).isEqualTo(index + 1);
    List<Bytes> entries = new ArrayList<>();
    JsonNode all = admin.get("/v1/audit/entries?from=0&to=" + now.size(), JsonNode.class);
    all.forEach(e -> entries.add(Bytes.fromBase64(e.get("entry").asText())));
    assertThat(v.replay(entries, List.of(old, now)).entries()).isEqualTo(now.size());
    JsonNode inc =
        admin.get(
            "/v1/audit/proof/inclusion?index=" + index + "&size=" + now.size(), JsonNode.class);
    InclusionProof proof =
        InclusionProof.parse(index, now.size(), AuditHttpTest.wire(inc.get("hashes")));
    assertThat(v.verifyInclusion(now, entries.get((int) index), proof).entry().action())
        .isEqualTo("http.unauthenticated");
    return new VerifiedCheckpoint[] {old, now};
  }
}

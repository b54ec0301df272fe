package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.Principal;
import io.dooor.core.ReportDataBinding;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signed refusals of callers holding no role (a fresh key pair, a node) grow the permanent record
 * by a bounded number of entries per window, however many are sent (issue 11, defect 10): each
 * reply is still the right 4xx problem+json, every refusal is recorded or counted in a summary
 * naming the principal, a node's own requests still succeed, and a role holder's refusals are each
 * recorded.
 */
class NoRoleFloodHttpTest extends RefusalHttpFixture {
  static final Duration PAST_WINDOW = ControlPlaneServer.REFUSAL_WINDOW.plusSeconds(1);

  /** The action of a summary of refusals of callers holding no role. */
  static final String SUMMARY = "http.refused_no_role";

  /** Refusals of one principal recorded one by one per window (RefusalRecorder's bound). */
  static final int PER_PRINCIPAL = 5;

  /** Principals followed apart per window (RefusalRecorder's bound). */
  static final int PRINCIPALS = 16;

  @Test
  void aThousandRefusalsOfOneSignerWithNoRoleCostAFewEntriesAndAreAllCounted() throws Exception {
    Identity stranger = Identity.generate();
    long before = events();
    refuseMixed(stranger, 1000);
    assertThat(events() - before)
        .as("recorded one by one while the window is open")
        .isEqualTo(PER_PRINCIPAL);
    clock.advance(PAST_WINDOW);
    refuseMixed(stranger, 3);
    restart();
    List<Event> all = eventsFrom(before);
    System.out.printf("no-role flood: 1003 signed refusals -> %d entries%n", all.size());
    assertThat(all).hasSizeLessThanOrEqualTo(2 * PER_PRINCIPAL + 2);
    assertThat(all).filteredOn(e -> e.action().equals(SUMMARY)).hasSize(1);
    assertThat(recordedOrCounted(all, stranger.principal())).isEqualTo(1003);
  }

  @Test
  void freshKeyPairsDoNotEscapeTheBound() throws Exception {
    long before = events();
    List<Identity> strangers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Identity s = Identity.generate();
      strangers.add(s);
      refuseMixed(s, 3);
    }
    assertThat(events() - before).isLessThanOrEqualTo(PER_PRINCIPAL * PRINCIPALS);
    restart();
    List<Event> all = eventsFrom(before);
    System.out.printf("200 fresh signers, 600 refusals -> %d entries%n", all.size());
    assertThat(all).hasSizeLessThanOrEqualTo(PER_PRINCIPAL * PRINCIPALS + PRINCIPALS + 1);
    long n = 0;
    for (Identity s : strangers) {
      n += recordedOrCounted(all, s.principal());
    }
    assertThat(n + recordedOrCounted(all, Principal.anonymous())).isEqualTo(600);
  }

  @Test
  void aNodeIsNeverThrottledAndARoleHoldersRefusalsAreEachRecorded() throws Exception {
    Identity node = admitNode("n1");
    ApiClient asNode = new ApiClient(url, node, clock);
    long before = events();
    for (int i = 0; i < 40; i++) {
      assertProblem(send(node, "GET", "/v1/nodes", null, ""), 403, "forbidden");
      Dto.NodeView n = asNode.post("/v1/nodes/n1/heartbeat", null, Dto.NodeView.class);
      assertThat(n.state()).isEqualTo("ACTIVE");
    }
    assertThat(eventsFrom(before))
        .filteredOn(e -> e.actor().equals(node.principal()))
        .filteredOn(e -> e.outcome() == Event.Outcome.REFUSED)
        .hasSize(PER_PRINCIPAL);

    Identity operator = Identity.generate();
    admin.post(
        "/v1/principals",
        new Dto.Grant(operator.principal().toText(), "operator"),
        Dto.Grant.class);
    long mark = events();
    for (int i = 0; i < 30; i++) {
      assertProblem(send(operator, "PUT", "/v1/policies/w", JSON, policy()), 403, "forbidden");
    }
    assertThat(eventsFrom(mark))
        .as("a role holder is accountable for each refusal")
        .hasSize(30)
        .allMatch(e -> e.actor().equals(operator.principal()) && e.action().equals("policy.set"));
    restart();
    assertThat(recordedOrCounted(eventsFrom(before), node.principal())).isEqualTo(40);
  }

  private static final String JSON = "application/json";

  /** {@code n} signed requests of {@code who}, refused 403, 400 and 415 in turn, each checked. */
  private void refuseMixed(Identity who, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      switch (i % 4) {
        case 0 -> assertProblem(send(who, "GET", "/v1/nodes", null, ""), 403, "forbidden");
        case 1 ->
            assertProblem(send(who, "PUT", "/v1/policies/w", JSON, policy()), 403, "forbidden");
        case 2 ->
            assertProblem(
                send(who, "POST", "/v1/nodes/x/deactivate", JSON, "{\"reason\":null}"),
                400,
                "invalid-argument");
        default ->
            assertProblem(
                send(who, "POST", "/v1/principals", "text/plain", "hello"),
                415,
                "unsupported-media-type");
      }
    }
  }

  private HttpResponse<String> send(
      Identity who, String method, String path, String type, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url.resolve(path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (type != null) {
      b.header("Content-Type", type);
    }
    new RequestSigner(who, clock).sign(method, path, "", Bytes.of(bytes)).forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> res, int status, String code)
      throws Exception {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    assertThat(res.headers().firstValue("content-type").orElse(""))
        .startsWith("application/problem+json");
    Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
    assertThat(p.status()).isEqualTo(status);
    assertThat(p.code()).isEqualTo(code);
  }

  /** Refusals of {@code p}: its own REFUSED entries plus the counts of its summaries. */
  static long recordedOrCounted(List<Event> events, Principal p) {
    long n = 0;
    for (Event e : events) {
      if (!e.actor().equals(p) || e.outcome() != Event.Outcome.REFUSED) {
        continue;
      }
      n += e.action().equals(SUMMARY) ? Long.parseLong(e.details().get("requests")) : 1;
    }
    return n;
  }

  private static String policy() {
    return new String(
        Json.write(
            new Dto.PolicyBody(
                List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L)),
        StandardCharsets.UTF_8);
  }

  /** Sets workload w's policy to admit sim nodes and admits node {@code id}; returns its key. */
  private Identity admitNode(String id) throws Exception {
    admin.put(
        "/v1/policies/w",
        Json.MAPPER.readValue(policy(), Dto.PolicyBody.class),
        Dto.PolicyView.class);
    Identity node = Identity.generate();
    ApiClient c = new ApiClient(url, node, clock);
    Dto.Registered reg =
        c.post(
            "/v1/nodes",
            new Dto.RegisterNode(
                id, "w", "sim", node.publicKeySpki().base64(), sim(node, new byte[32]).base64()),
            Dto.Registered.class);
    Bytes evidence = sim(node, Bytes.fromBase64(reg.challenge().nonce()).toArray());
    c.post(
        "/v1/nodes/" + id + "/attestation", new Dto.Attest(evidence.base64()), Dto.NodeView.class);
    return node;
  }

  private Bytes sim(Identity node, byte[] nonce) {
    return d.simTee()
        .orElseThrow()
        .report(
            ReportDataBinding.expected(Bytes.of(nonce), node.publicKeySpki()),
            Bytes.of(new byte[48]),
            Bytes.of(new byte[16]),
            false)
        .encode();
  }
}

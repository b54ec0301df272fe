package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /v1 API over real HTTP on loopback: admission, bad input, and bad signatures. */
class HttpApiTest extends SimPlaneHttpFixture {
  final HttpClient http = HttpClient.newHttpClient();

  Dto.RegisterNode registration(Identity node, String id) {
    Bytes report = sim(node, new byte[32]);
    return new Dto.RegisterNode(id, "w", "sim", node.publicKeySpki().base64(), report.base64());
  }

  HttpResponse<String> raw(String method, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url.resolve(path))
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    if (!body.isEmpty()) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  Map<String, String> signed(Identity who, String method, String path, String body) {
    return new RequestSigner(who)
        .sign(method, path, "", Bytes.of(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void nodeAdmissionOverHttp() throws Exception {
    Identity node = Identity.generate();
    ApiClient nodeClient = new ApiClient(url, node);
    Dto.Registered reg =
        nodeClient.post("/v1/nodes", registration(node, "n1"), Dto.Registered.class);
    assertThat(reg.node().state()).isEqualTo("PENDING");
    Bytes evidence =
        d.simTee()
            .orElseThrow()
            .report(
                io.dooor.core.ReportDataBinding.expected(
                    Bytes.fromBase64(reg.challenge().nonce()), node.publicKeySpki()),
                Bytes.of(new byte[48]),
                Bytes.of(new byte[16]),
                false)
            .encode();
    Dto.NodeView active =
        nodeClient.post(
            "/v1/nodes/n1/attestation", new Dto.Attest(evidence.base64()), Dto.NodeView.class);
    assertThat(active.state()).isEqualTo("ACTIVE");
    assertThat(nodeClient.get("/v1/nodes/n1", Dto.NodeView.class).state()).isEqualTo("ACTIVE");
    assertThat(admin.getList("/v1/nodes", Dto.NodeView.class))
        .extracting(Dto.NodeView::nodeId)
        .containsExactly("n1");
  }

  @Test
  void badInputNamesTheFieldChangesNothingAndIsRecorded() throws Exception {
    record Case(String body, String field) {}
    List<Case> cases =
        List.of(
            new Case("{not json", null),
            new Case("{\"node_id\":\"n1\",\"surprise\":1}", "surprise"),
            new Case("{\"node_id\":[1],\"tee_type\":\"sim\"}", "node_id"),
            new Case(
                "{\"node_id\":\"n1\",\"tee_type\":\"sim\",\"node_public_key\":\"%%%\",\"report\":\"AA==\"}",
                "node_public_key"),
            new Case("{\"node_id\":\"N!\",\"tee_type\":\"sim\"}", "node_id"),
            new Case("{\"node_id\":\"n1\",\"tee_type\":\"quantum\"}", "tee_type"),
            new Case("{\"node_id\":\"n1\",\"tee_type\":\"sim\"}", "node_public_key"));
    for (Case c : cases) {
      long before = events();
      HttpResponse<String> res =
          raw("POST", "/v1/nodes", c.body(), signed(controller, "POST", "/v1/nodes", c.body()));
      assertThat(res.statusCode()).as(c.body()).isEqualTo(400);
      assertThat(res.headers().firstValue("content-type").orElse(""))
          .startsWith("application/problem+json");
      Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
      assertThat(p.field()).as(c.body()).isEqualTo(c.field());
      assertThat(p.code()).isEqualTo("invalid-argument");
      assertThat(events()).as("one refusal recorded for " + c.body()).isEqualTo(before + 1);
      assertThat(lastEvent().outcome()).isEqualTo(Event.Outcome.REFUSED);
    }
    assertThat(d.plane().store().nodes()).isEmpty();
  }

  /** A registration body whose node_public_key is {@code key}, base64. */
  static String withKey(Bytes key) {
    return "{\"node_id\":\"n1\",\"tee_type\":\"sim\",\"node_public_key\":\""
        + key.base64()
        + "\",\"report\":\"AA==\"}";
  }

  @Test
  void aNodeKeyThatDoesNotParseIsRefusedNamingTheField() throws Exception {
    Bytes good = Identity.generate().publicKeySpki();
    Bytes truncated = Bytes.of(java.util.Arrays.copyOf(good.toArray(), good.length() - 1));
    Bytes x25519 =
        Bytes.of(
            java.security.KeyPairGenerator.getInstance("X25519")
                .generateKeyPair()
                .getPublic()
                .getEncoded());
    Bytes junk = Bytes.of("junk".getBytes(StandardCharsets.UTF_8));
    for (Bytes key : List.of(junk, truncated, x25519)) {
      String body = withKey(key);
      long before = events();
      HttpResponse<String> res =
          raw("POST", "/v1/nodes", body, signed(controller, "POST", "/v1/nodes", body));
      assertThat(res.statusCode()).as(key.hex()).isEqualTo(400);
      assertThat(res.headers().firstValue("content-type").orElse(""))
          .startsWith("application/problem+json");
      Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
      assertThat(p.field()).as(key.hex()).isEqualTo("node_public_key");
      assertThat(p.detail()).as(key.hex()).contains("public key");
      assertThat(events()).as("one refusal recorded").isEqualTo(before + 1);
    }
    assertThat(d.plane().store().nodes()).isEmpty();
  }

  /**
   * Refused on its Content-Length before the body is read: over a raw socket, so the client reads
   * the 413 without first having to send the 2 MiB (a client that insists on sending it may see the
   * connection closed instead).
   */
  @Test
  void oversizedBodiesAreRefused() throws Exception {
    String big = "{\"evidence\":\"" + "A".repeat(2 << 20) + "\"}";
    String path = "/v1/nodes/n1/attestation";
    StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    signed(controller, "POST", path, big).forEach((k, v) -> head.append(k + ": " + v + "\r\n"));
    head.append("Content-Length: " + big.length() + "\r\nConnection: close\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", d.port())) {
      socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(reply).startsWith("HTTP/1.1 413 ").contains("payload-too-large");
    }
  }

  @Test
  void unsignedTamperedAndReplayedRequestsAreRefusedAndRecorded() throws Exception {
    long before = events();
    assertThat(raw("GET", "/v1/nodes", "", Map.of()).statusCode()).isEqualTo(401);
    assertThat(events())
        .as("counted in the window (UnauthenticatedFloodHttpTest)")
        .isEqualTo(before);

    Map<String, String> h = signed(controller, "GET", "/v1/nodes", "");
    assertThat(raw("GET", "/v1/nodes", "", h).statusCode()).isEqualTo(200);
    HttpResponse<String> replay = raw("GET", "/v1/nodes", "", h);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed");

    String body = "{\"reason\":\"x\"}";
    Map<String, String> sig = signed(controller, "POST", "/v1/nodes/n1/deactivate", body);
    HttpResponse<String> tampered =
        raw("POST", "/v1/nodes/n1/deactivate", "{\"reason\":\"y\"}", sig);
    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(tampered.body()).contains("digest-mismatch");

    Map<String, String> other = signed(controller, "GET", "/v1/events", "");
    HttpResponse<String> moved = raw("GET", "/v1/nodes", "", other);
    assertThat(moved.statusCode()).isEqualTo(401);
    assertThat(moved.body()).contains("signature-invalid");
  }

  @Test
  void problemsHaveStableCodes() throws Exception {
    assertThatThrownBy(() -> admin.get("/v1/nodes/nope", Dto.NodeView.class))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.code()).isEqualTo("not-found");
            });
    ApiClient stranger = new ApiClient(url, Identity.generate());
    assertThatThrownBy(() -> stranger.getList("/v1/nodes", Dto.NodeView.class))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
    assertThat(raw("GET", "/v1/health", "", Map.of()).statusCode()).isEqualTo(200);
    assertThat(raw("GET", "/v1/openapi.json", "", Map.of()).body()).contains("\"openapi\"");
  }
}

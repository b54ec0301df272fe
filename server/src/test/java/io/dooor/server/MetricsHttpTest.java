package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /metrics of a real control plane, parsed by the Prometheus project's own text parser ({@link
 * PromTextParser}), moves with the requests served: per route template and status, the admissions,
 * the refusals by code, the audit log's size, Micrometer's JVM and Jetty binders (HikariCP's pool
 * meters on PostgreSQL: {@code ReplicasOnPostgresTest}); and no raw path, node id or principal
 * appears in it.
 */
class MetricsHttpTest extends SimPlaneHttpFixture {
  private static final String GET_NODE =
      "dooor_http_server_requests_seconds{method=GET,route=/v1/nodes/{id},status=200}";
  private static final String ADMITTED = "dooor_admissions_total{outcome=active}";
  private static final String UNSIGNED = "dooor_refusals_total{code=missing-signature,status=401}";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aScrapeParsesAndMovesWithRequests() throws Exception {
    PromTextParser.assumeAvailable();
    Identity node = Identity.generate();
    ApiClient nodeClient = admit(node, "node-secret-id-1");
    Map<String, Double> before = PromTextParser.parse(scrape());

    int gets = 7;
    for (int i = 0; i < gets; i++) {
      nodeClient.get("/v1/nodes/node-secret-id-1", Dto.NodeView.class);
    }
    assertThat(unsigned("/v1/nodes/node-secret-id-1").statusCode()).isEqualTo(401);
    admit(Identity.generate(), "node-secret-id-2");
    d.publishCheckpoint();
    String text = scrape();
    Map<String, Double> after = PromTextParser.parse(text);

    assertThat(after.keySet().stream().filter(k -> k.startsWith("dooor_")).toList())
        .contains(GET_NODE, ADMITTED, UNSIGNED);
    assertThat(after.get(GET_NODE) - before.getOrDefault(GET_NODE, 0.0)).isEqualTo(gets);
    assertThat(after.get(ADMITTED) - before.get(ADMITTED)).isEqualTo(1.0);
    assertThat(after.get(UNSIGNED) - before.getOrDefault(UNSIGNED, 0.0)).isEqualTo(1.0);
    assertThat(
            after.get(
                "dooor_http_server_requests_seconds_bucket"
                    + "{method=GET,route=/v1/nodes/{id},status=200,le=+Inf}"))
        .isEqualTo(after.get(GET_NODE));
    assertThat(after.get("dooor_audit_sequenced_entries{}"))
        .isGreaterThan(before.get("dooor_audit_sequenced_entries{}"));
    assertThat(after.get("dooor_audit_checkpoint_size_entries{}"))
        .isEqualTo(after.get("dooor_audit_sequenced_entries{}"));
    assertThat(after.get("dooor_audit_integration_lag_entries{}")).isZero();
    assertThat(after.get("dooor_audit_checkpoint_age_seconds{}")).isBetween(0.0, 60.0);
    assertThat(after.get("dooor_nodes{state=ACTIVE}")).isEqualTo(2.0);
    assertThat(after.get("dooor_store_write_seconds{}"))
        .isGreaterThan(before.get("dooor_store_write_seconds{}"));
    assertThat(after).containsKey("jvm_memory_used_bytes{area=heap,id=G1 Eden Space}");
    // Micrometer's Jetty binders: the request thread pool and the connector's connections
    assertThat(after.get("jetty_threads_config_max{}")).isPositive();
    assertThat(after.get("jetty_threads_busy{}")).as("this scrape's thread").isPositive();
    assertThat(after.get("jetty_connections_max_connections{connector_name=unnamed}"))
        .as("the connections this test opened")
        .isGreaterThanOrEqualTo(1.0);
    assertThat(after)
        .containsKeys(
            "jetty_connections_current_connections{connector_name=unnamed}",
            "jetty_connections_bytes_in_bytes{connector_name=unnamed}",
            "jetty_connections_messages_in_messages_total{connector_name=unnamed}");
    assertThat(flushRoundCounted()).as("a flush round (every 1 s) counted within 15 s").isTrue();

    assertThat(text).doesNotContain("node-secret-id").doesNotContain(node.principal().toString());
    assertThat(text).doesNotContain(controller.principal().toString());
  }

  @Test
  void anUnknownPathIsOneUnmatchedSeriesNotOnePerPath() throws Exception {
    PromTextParser.assumeAvailable();
    for (int i = 0; i < 5; i++) {
      admin.raw("GET", "/v1/no-such-route-" + i, new byte[0]);
    }
    Map<String, Double> m = PromTextParser.parse(scrape());
    assertThat(m.get("dooor_http_server_requests_seconds{method=GET,route=unmatched,status=404}"))
        .isEqualTo(5.0);
    assertThat(m.keySet()).noneMatch(k -> k.contains("no-such-route"));
  }

  private ApiClient admit(Identity node, String id) throws Exception {
    ApiClient c = new ApiClient(url, node);
    Dto.Registered reg =
        c.post(
            "/v1/nodes",
            new Dto.RegisterNode(
                id, "w", "sim", node.publicKeySpki().base64(), sim(node, new byte[32]).base64()),
            Dto.Registered.class);
    Bytes evidence = sim(node, Bytes.fromBase64(reg.challenge().nonce()).toArray());
    c.post(
        "/v1/nodes/" + id + "/attestation", new Dto.Attest(evidence.base64()), Dto.NodeView.class);
    return c;
  }

  /** Whether a round of the flush duty, first run 1 s after start, shows in a scrape. */
  private boolean flushRoundCounted() throws Exception {
    long end = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < end) {
      if (PromTextParser.parse(scrape()).keySet().stream()
          .anyMatch(k -> k.startsWith("dooor_duty_rounds_total{duty=flush"))) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private String scrape() throws Exception {
    HttpResponse<String> r = unsigned("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    return r.body();
  }

  private HttpResponse<String> unsigned(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

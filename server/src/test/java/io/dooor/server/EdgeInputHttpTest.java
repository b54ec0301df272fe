package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 11 defects 3, 4 and 6 by example; {@link RouteFuzzTest} covers their siblings. */
class EdgeInputHttpTest extends SimPlaneHttpFixture {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(String method, String path, String type, String body)
      throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url.resolve(path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
            .header("Content-Type", type);
    new RequestSigner(controller).sign(method, path, "", Bytes.of(bytes)).forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Dto.Problem refused(HttpResponse<String> res, int status) throws Exception {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    assertThat(res.headers().firstValue("content-type").orElse(""))
        .startsWith("application/problem+json");
    Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
    assertThat(p.detail()).doesNotContain("io.dooor", "$", "com.fasterxml");
    return p;
  }

  @Test
  void nullBodiesAndNullsInsidePolicyListsAndMapsAre400NamingTheField() throws Exception {
    String json = "application/json";
    assertThat(refused(send("POST", "/v1/nodes", json, "null"), 400).code())
        .isEqualTo("invalid-argument");
    assertThat(refused(send("PUT", "/v1/policies/x", json, "null"), 400).code())
        .isEqualTo("invalid-argument");
    String nullInList = "{\"allowed_tee_types\":[\"sim\",null]}";
    assertThat(refused(send("PUT", "/v1/policies/x", json, nullInList), 400).field())
        .isEqualTo("allowed_tee_types.[1]");
    String nullInMap = "{\"allowed_tee_types\":[\"sim\"],\"reference_values\":{\"mrtd\":null}}";
    assertThat(refused(send("PUT", "/v1/policies/x", json, nullInMap), 400).field())
        .isEqualTo("reference_values.mrtd");
    String wrongType = "{\"node_id\":{},\"tee_type\":\"sim\"}";
    assertThat(refused(send("POST", "/v1/nodes", json, wrongType), 400).detail())
        .isEqualTo("field 'node_id' has the wrong type: expected a string");
    assertThat(d.plane().store().policies()).hasSize(1);
  }

  @Test
  void identifiersWithControlOrFormatCharactersOrTooLongAre400NamingTheField() throws Exception {
    String json = "application/json";
    String forged = "{\"reason\":\"x\\n#9 OK node.deactivate\"}";
    assertThat(refused(send("POST", "/v1/nodes/n1/deactivate", json, forged), 400).field())
        .isEqualTo("reason");
    String policy = "{\"allowed_tee_types\":[\"sim\"]}";
    assertThat(refused(send("PUT", "/v1/policies/w%E2%80%AE", json, policy), 400).field())
        .isEqualTo("workload");
    String longContext =
        "{\"context\":\""
            + "a".repeat(256)
            + "\",\"input\":\"\","
            + "\"transport_public_key\":\"\"}";
    assertThat(refused(send("POST", "/v1/vetkd/derive", json, longContext), 400).field())
        .isEqualTo("context");
    String bidi = "{\"allowed_tee_types\":[\"sim\"],\"reference_values\":{\"m\\u2066\":[\"00\"]}}";
    assertThat(refused(send("PUT", "/v1/policies/y", json, bidi), 400).field())
        .isEqualTo("reference_values");
  }

  @Test
  void anEmptyWorkloadIs400NamingItNotA500() throws Exception {
    String body =
        "{\"node_id\":\"n9\",\"workload\":\"\",\"tee_type\":\"sim\","
            + "\"node_public_key\":\"AAAA\",\"report\":\"AAAA\"}";
    assertThat(refused(send("POST", "/v1/nodes", "application/json", body), 400).field())
        .isEqualTo("workload");
  }

  @Test
  void bodiesThatAreNotApplicationJsonAre415() throws Exception {
    String policy = "{\"allowed_tee_types\":[\"sim\"]}";
    for (String type :
        new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded"}) {
      assertThat(refused(send("PUT", "/v1/policies/z", type, policy), 415).code())
          .isEqualTo("unsupported-media-type");
    }
    assertThat(
            send("PUT", "/v1/policies/z", "application/json; charset=utf-8", policy).statusCode())
        .isEqualTo(200);
  }
}

package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.audit.AuditException;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.store.StoreException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a route throws, the answer is problem+json with the status and code of the one error
 * table: a module's reason as the table says, an {@link Error} or an unknown exception {@code 500
 * internal}, never a bare 500 text nor the exception's message.
 */
class ErrorTableHttpTest {
  @TempDir Path dir;
  TestPlane t;
  ControlPlaneServer server;
  ApiClient client;

  @BeforeEach
  void start() {
    t = new TestPlane(dir);
    RouteModule throwing =
        r -> {
          r.get(
              "/v1/test/audit",
              ctx -> {
                throw new AuditException(AuditException.Reason.NOT_FOUND, "no size 9 yet");
              });
          r.get(
              "/v1/test/store",
              ctx -> {
                throw new StoreException(StoreException.Reason.UNAVAILABLE, "jdbc secret", null);
              });
          r.get(
              "/v1/test/bug",
              ctx -> {
                throw new IllegalStateException("a secret bug");
              });
          r.get(
              "/v1/test/error",
              ctx -> {
                throw new AssertionError("a secret error");
              });
        };
    server =
        new ControlPlaneServer(t.plane, Authenticators.signed(Clock.systemUTC()), List.of(throwing))
            .start("127.0.0.1", 0);
    client = new ApiClient(URI.create("http://127.0.0.1:" + server.port()), Identity.generate());
  }

  @AfterEach
  void stop() {
    server.close();
    t.close();
  }

  @Test
  void aModulesReasonGetsItsStatusAndCode() throws Exception {
    assertProblem("/v1/test/audit", 404, "audit-not-found");
    assertProblem("/v1/test/store", 503, "store-unavailable");
  }

  @Test
  void anythingElseIsAnInternalProblemNeverABare500() throws Exception {
    assertProblem("/v1/test/bug", 500, "internal");
    assertProblem("/v1/test/error", 500, "internal");
  }

  private void assertProblem(String path, int status, String code) throws Exception {
    HttpResponse<byte[]> res = client.raw("GET", path, new byte[0]);
    String body = new String(res.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(res.statusCode()).as(body).isEqualTo(status);
    assertThat(res.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
    assertThat(p.code()).isEqualTo(code);
    assertThat(p.status()).isEqualTo(status);
    assertThat(body).doesNotContain("secret");
  }
}

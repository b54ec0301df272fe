package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica whose PostgreSQL goes down (README, issue 15): requests fail fast with 503 {@code
 * store-unavailable} (a signed request too: its nonce cannot be checked, which is not the caller's
 * fault), and once the database is back every acknowledged write is there and requests succeed.
 */
class PostgresDownHttpTest {
  @TempDir Path dir;

  @Test
  void requestsFailFastWith503AndNothingAcknowledgedIsLost() throws Exception {
    Path pgData = dir.resolve("pg");
    int port = ServerPorts.free();
    EmbeddedPostgres pg = postgres(pgData, port);
    String url = pg.getJdbcUrl("postgres", "postgres");
    DeploymentConfig config =
        new DeploymentConfig(
            dir.resolve("data"),
            url,
            "postgres",
            "",
            "127.0.0.1",
            0,
            true,
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            null,
            List.of());
    try (Deployment d = Deployment.start(config)) {
      Identity controller = Identity.generate();
      d.plane().init(controller.principal());
      ApiClient admin = new ApiClient(URI.create("http://127.0.0.1:" + d.port()), controller);
      Dto.PolicyBody policy =
          new Dto.PolicyBody(
              List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L);
      admin.put("/v1/policies/acknowledged", policy, Dto.PolicyView.class);
      pg.close();
      for (int i = 0; i < 3; i++) {
        long started = System.nanoTime();
        ApiException down = refused(() -> admin.get("/v1/policies/acknowledged", Object.class));
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.code()).isEqualTo("store-unavailable");
        long read = System.nanoTime();
        ApiException write =
            refused(() -> admin.put("/v1/policies/lost", policy, Dto.PolicyView.class));
        assertThat(write.status()).isEqualTo(503);
        // each database call waits at most the pool's 1 s connection timeout: a few per request
        assertThat(Duration.ofNanos(read - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - read)).isLessThan(Duration.ofSeconds(5));
      }
      pg = postgres(pgData, port);
      awaitUp(admin);
      assertThat(admin.get("/v1/policies/acknowledged", Dto.PolicyView.class).workload())
          .isEqualTo("acknowledged");
      assertThat(refused(() -> admin.get("/v1/policies/lost", Object.class)).status())
          .as("the refused write was not done")
          .isEqualTo(404);
    } finally {
      pg.close();
    }
  }

  private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private static void awaitUp(ApiClient admin) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        admin.get("/v1/principals", Object.class);
        return;
      } catch (ApiException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static ApiException refused(Call call) throws Exception {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }

  interface Call {
    void run() throws Exception;
  }

  /** A port free now. */
  static final class ServerPorts {
    static int free() throws java.io.IOException {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        return s.getLocalPort();
      }
    }
  }
}

package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.core.Event;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real embedded control plane on loopback whose clock the test moves (to close refusal windows),
 * restartable on the same data folder, with helpers for unsigned requests and the recorded events.
 */
abstract class RefusalHttpFixture {
  @TempDir Path dir;

  final TestPlane.MutableClock clock = new TestPlane.MutableClock(Instant.now());
  final Identity controller = Identity.generate();
  final HttpClient http = HttpClient.newHttpClient();
  Deployment d;
  URI url;
  ApiClient admin;

  @BeforeEach
  void start() throws Exception {
    open();
    d.plane().init(controller.principal());
  }

  /** Starts (or restarts) the deployment on the data folder. */
  void open() {
    d = Deployment.start(DeploymentConfig.embedded(dir, 0).withClock(clock));
    url = URI.create("http://127.0.0.1:" + d.port());
    admin = new ApiClient(url, controller, clock);
  }

  /** Stops the deployment and starts it again on the same data folder. */
  void restart() {
    d.close();
    open();
  }

  @AfterEach
  void stop() {
    d.close();
  }

  HttpResponse<String> unsigned(String path) throws Exception {
    return http.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create(url + path)).GET().build();
  }

  /** Sends {@code n} unsigned GETs, 32 at a time, and checks that each got 401 problem+json. */
  void flood(int n) {
    for (int sent = 0; sent < n; sent += 32) {
      List<CompletableFuture<HttpResponse<String>>> batch =
          java.util.stream.IntStream.range(sent, Math.min(n, sent + 32))
              .mapToObj(
                  i ->
                      http.sendAsync(
                          request("/v1/nodes/n" + i), HttpResponse.BodyHandlers.ofString()))
              .toList();
      batch.forEach(f -> assertUnauthenticated(f.join()));
    }
  }

  /** A 401 problem+json naming the missing signature. */
  static void assertUnauthenticated(HttpResponse<String> res) {
    assertThat(res.statusCode()).isEqualTo(401);
    assertThat(res.headers().firstValue("content-type").orElse(""))
        .startsWith("application/problem+json");
    Dto.Problem p;
    try {
      p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
    } catch (java.io.IOException e) {
      throw new AssertionError("not a problem: " + res.body(), e);
    }
    assertThat(p.status()).isEqualTo(401);
    assertThat(p.code()).isEqualTo("missing-signature");
  }

  long events() {
    return d.plane().store().eventCount();
  }

  List<Event> eventsFrom(long from) {
    return d.plane().store().events(from, events());
  }

  /** The refusal counts of unauthenticated-refusal summaries, by problem code, added up. */
  static long counted(List<Event> summaries) {
    long n = 0;
    for (Event e : summaries) {
      assertThat(e.action()).isEqualTo("http.unauthenticated");
      long sum = 0;
      for (Map.Entry<String, String> kv : e.details().entrySet()) {
        if (kv.getKey().startsWith("refused.")) {
          sum += Long.parseLong(kv.getValue());
        }
      }
      assertThat(sum).isEqualTo(Long.parseLong(e.details().get("requests")));
      n += sum;
    }
    return n;
  }
}

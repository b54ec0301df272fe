package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11, defect 1: signed requests captured before a kill -9 of the server (embedded SQLite
 * default) are all refused as replays after the restart, within their validity window; requests
 * signed afresh are served.
 */
class ReplayAfterCrashTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  private record Captured(String method, String path, Map<String, String> headers, byte[] body) {}

  @Test
  void requestsCapturedBeforeACrashAreRefusedAfterTheRestart() throws Exception {
    Path data = dir.resolve("data");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    Identity controller = Identity.load(data.resolve("controller.pem"));
    RequestSigner signer = new RequestSigner(controller, Clock.systemUTC());

    Process first = start(data, "first");
    URI base = ServerProcesses.awaitListening(first, dir.resolve("first.log"));
    List<Captured> captured = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      captured.add(
          signed(signer, "PUT", "/v1/policies/w" + i, "{\"allowed_tee_types\":[\"sim\"]}"));
      String grant =
          "{\"principal\":\"" + Identity.generate().principal() + "\",\"role\":\"operator\"}";
      captured.add(signed(signer, "POST", "/v1/principals", grant));
    }
    captured.add(signed(signer, "GET", "/v1/nodes", ""));
    for (Captured c : captured) {
      assertThat(send(base, c).statusCode())
          .as("%s %s before the crash", c.method(), c.path())
          .isLessThan(300);
    }
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    Process second = start(data, "second");
    try {
      URI again = ServerProcesses.awaitListening(second, dir.resolve("second.log"));
      for (Captured c : captured) {
        HttpResponse<String> res = send(again, c);
        assertThat(res.statusCode())
            .as("%s %s replayed after restart", c.method(), c.path())
            .isEqualTo(401);
        assertThat(res.body()).contains("replayed");
      }
      Captured fresh =
          signed(signer, "PUT", "/v1/policies/w9", "{\"allowed_tee_types\":[\"sim\"]}");
      assertThat(send(again, fresh).statusCode()).isEqualTo(200);
    } finally {
      second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Captured signed(RequestSigner signer, String method, String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return new Captured(method, path, signer.sign(method, path, "", Bytes.of(body)), body);
  }

  private HttpResponse<String> send(URI base, Captured c) throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(base.resolve(c.path()))
            .method(c.method(), HttpRequest.BodyPublishers.ofByteArray(c.body()))
            .header("Content-Type", "application/json");
    c.headers().forEach(req::header);
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Process start(Path data, String name) throws Exception {
    return ServerProcesses.start(data, dir.resolve(name + ".log"));
  }
}

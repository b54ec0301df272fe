package io.dooor.server;

import io.dooor.audit.CosignatureCollector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs C2SP tlog-witness {@code add-checkpoint} requests to one witness over one keep-alive HTTP
 * client, each within {@link #TIMEOUT}.
 */
final class HttpWitnessTransport implements CosignatureCollector.Transport {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
  private final URI endpoint;

  HttpWitnessTransport(URI prefix) {
    String p = prefix.toString();
    this.endpoint = URI.create((p.endsWith("/") ? p : p + "/") + "add-checkpoint");
  }

  @Override
  public CosignatureCollector.Reply addCheckpoint(byte[] body) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<byte[]> res = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return new CosignatureCollector.Reply(res.statusCode(), res.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}

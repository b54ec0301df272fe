package io.dooor.client;

import com.fasterxml.jackson.databind.JavaType;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A client of the /v1 API that signs every request with the caller's identity (RFC 9421). Used by
 * the CLI, the node agent and the tests. Thread-safe.
 */
public final class ApiClient {
  private final URI base;
  private final RequestSigner signer;
  private final HttpClient http;

  public ApiClient(URI base, Identity identity) {
    this(base, identity, Clock.systemUTC());
  }

  /** A client stamping each signature's {@code created} from {@code clock} (the server's time). */
  public ApiClient(URI base, Identity identity, Clock clock) {
    this.base = checkedBase(base);
    this.signer = new RequestSigner(identity, clock);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** The control plane's URL: absolute http or https, or IllegalArgumentException naming it. */
  public static URI checkedBase(URI base) {
    String scheme = base.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
      throw new IllegalArgumentException(
          "the control plane URL must be http://HOST:PORT or https://HOST:PORT, got '"
              + base
              + "'");
    }
    return base;
  }

  public <T> T get(String path, Class<T> type) throws ApiException, IOException {
    return send("GET", path, null, Json.MAPPER.constructType(type));
  }

  public <T> List<T> getList(String path, Class<T> item) throws ApiException, IOException {
    return send(
        "GET", path, null, Json.MAPPER.getTypeFactory().constructCollectionType(List.class, item));
  }

  public <T> T post(String path, Object body, Class<T> type) throws ApiException, IOException {
    return send("POST", path, body, Json.MAPPER.constructType(type));
  }

  public <T> T put(String path, Object body, Class<T> type) throws ApiException, IOException {
    return send("PUT", path, body, Json.MAPPER.constructType(type));
  }

  /**
   * Sends {@code body} as JSON; a refusal (status 400 or more) is thrown, any other answer is
   * returned whole, for callers that tell answers apart by status (200 applied, 202 proposed).
   */
  public HttpResponse<byte[]> exchange(String method, String path, Object body)
      throws ApiException, IOException {
    HttpResponse<byte[]> res = raw(method, path, body == null ? new byte[0] : Json.write(body));
    if (res.statusCode() >= 400) {
      throw problem(res);
    }
    return res;
  }

  /** Sends raw bytes (for tests of malformed input); returns status and body. */
  public HttpResponse<byte[]> raw(String method, String path, byte[] body) throws IOException {
    URI uri = base.resolve(path);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json");
    for (Map.Entry<String, String> h : signer.sign(method, uri, Bytes.of(body)).entrySet()) {
      req.header(h.getKey(), h.getValue());
    }
    try {
      return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
      String why = e.getMessage() == null ? "connection refused or timed out" : e.getMessage();
      throw new IOException("cannot reach the control plane at " + base + " (" + why + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private <T> T send(String method, String path, Object body, JavaType type)
      throws ApiException, IOException {
    byte[] bytes = body == null ? new byte[0] : Json.write(body);
    HttpResponse<byte[]> res = raw(method, path, bytes);
    if (res.statusCode() >= 400) {
      throw problem(res);
    }
    return Json.MAPPER.readValue(res.body(), type);
  }

  /** The refusal a non-2xx answer carries: its problem+json, or {@code http-<status>} without. */
  public static ApiException problem(HttpResponse<byte[]> res) {
    try {
      Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
      List<String> checks = p.failedChecks() == null ? List.of() : p.failedChecks();
      return new ApiException(res.statusCode(), p.code(), p.detail(), checks);
    } catch (IOException e) {
      return new ApiException(
          res.statusCode(), "http-" + res.statusCode(), "HTTP " + res.statusCode(), List.of());
    }
  }
}

package io.dooor.client.data;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to node agents' shard endpoints ({@code PUT|GET /v1/shards/{blobId}/{index}}): every
 * request signed by the caller (RFC 9421) and carrying the control plane's {@link ShardGrant} in
 * {@code Dooor-Grant}. A PUT streams the shard file (its signed Content-Digest is the shard's
 * SHA-256, which the grant names); a GET streams the answer. Thread-safe.
 */
public final class ShardClient {
  /** The request header that carries the grant. */
  public static final String GRANT_HEADER = "Dooor-Grant";

  private final RequestSigner signer;
  private final HttpClient http;

  public ShardClient(Identity identity) {
    this.signer = new RequestSigner(identity);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * Uploads {@code file} as the shard {@code grant} names, to {@code endpoint}.
   *
   * @throws ApiException the agent's refusal (status, code, detail naming the field)
   * @throws IOException when the agent cannot be reached
   */
  public void put(URI endpoint, ShardGrant grant, Path file) throws ApiException, IOException {
    URI uri = uri(endpoint, grant);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMinutes(30))
            .PUT(HttpRequest.BodyPublishers.ofFile(file))
            .header("Content-Type", "application/octet-stream")
            .header(GRANT_HEADER, grant.text());
    headers(req, signer.signStreamed("PUT", uri, grant.shard().sha256()));
    HttpResponse<byte[]> res = send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (res.statusCode() >= 300) {
      throw ApiClient.problem(res);
    }
  }

  /**
   * Opens the shard {@code grant} names on {@code endpoint}; the caller verifies what it reads.
   *
   * @throws ApiException the agent's refusal
   * @throws IOException when the agent cannot be reached
   */
  public InputStream get(URI endpoint, ShardGrant grant) throws ApiException, IOException {
    URI uri = uri(endpoint, grant);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMinutes(30))
            .GET()
            .header(GRANT_HEADER, grant.text());
    headers(req, signer.sign("GET", uri, Bytes.of(new byte[0])));
    HttpResponse<InputStream> res = send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    if (res.statusCode() != 200) {
      byte[] body;
      try (InputStream in = res.body()) {
        body = in.readNBytes(64 << 10);
      }
      throw ApiClient.problem(new Answer(res, body));
    }
    return res.body();
  }

  private static URI uri(URI endpoint, ShardGrant grant) {
    ApiClient.checkedBase(endpoint);
    return endpoint.resolve("/v1/shards/" + grant.blob() + "/" + grant.shard().index());
  }

  private static void headers(HttpRequest.Builder req, Map<String, String> signed) {
    signed.forEach(req::header);
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> body)
      throws IOException {
    try {
      return http.send(req, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A streamed refusal read into bytes, for {@link ApiClient#problem}. */
  private record Answer(HttpResponse<InputStream> res, byte[] body)
      implements HttpResponse<byte[]> {
    @Override
    public int statusCode() {
      return res.statusCode();
    }

    @Override
    public HttpRequest request() {
      return res.request();
    }

    @Override
    public java.util.Optional<HttpResponse<byte[]>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return res.headers();
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return res.sslSession();
    }

    @Override
    public URI uri() {
      return res.uri();
    }

    @Override
    public HttpClient.Version version() {
      return res.version();
    }
  }
}

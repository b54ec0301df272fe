package io.dooor.keyshare;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.vetkd.threshold.KeyShareEndpoint;
import io.dooor.vetkd.threshold.RemoteKeyShareHolder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * The control plane's side of a remote key-share holder: POSTs the derive-share request to {@code
 * <base>/v1/keyshare/derive}, signed (RFC 9421) with the control plane's identity, and returns the
 * holder's answer bytes for {@link RemoteKeyShareHolder} to parse and the combiner to verify. A
 * holder that cannot be reached, does not answer within the timeout, refuses, or answers with more
 * than {@link #MAX_RESPONSE} bytes fails with an {@link IOException} naming its URL and what
 * happened; the combiner then excludes it by index. Thread-safe.
 */
public final class HttpKeyShareTransport implements RemoteKeyShareHolder.Transport {
  /** Derivation route of a holder. */
  public static final String DERIVE_PATH = "/v1/keyshare/derive";

  /**
   * Signed route where a holder states its index and the threshold public key it holds a share of;
   * the control plane checks it at startup ({@link HolderCheck}).
   */
  public static final String PUBLIC_KEY_PATH = "/v1/keyshare/public-key";

  /** Unsigned health route of a holder. */
  public static final String HEALTH_PATH = "/v1/keyshare/health";

  /** Largest answer read: an encoded encrypted key share is 199 bytes. */
  public static final int MAX_RESPONSE = 4096;

  private static final int MAX_PROBLEM_CHARS = 600;

  private final URI target;
  private final RequestSigner signer;
  private final HttpClient http;
  private final Duration timeout;

  private HttpKeyShareTransport(
      URI target, RequestSigner signer, HttpClient http, Duration timeout) {
    this.target = target;
    this.signer = signer;
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * A transport to the holder at {@code base}, signing as {@code controlPlane}, giving up on
   * connecting and on the whole exchange after {@code timeout}.
   */
  public static HttpKeyShareTransport create(URI base, Identity controlPlane, Duration timeout) {
    return create(base, controlPlane, timeout, client(timeout));
  }

  /** As {@link #create(URI, Identity, Duration)}, sharing one HTTP client between holders. */
  public static HttpKeyShareTransport create(
      URI base, Identity controlPlane, Duration timeout, HttpClient http) {
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    URI target = base.resolve(path + DERIVE_PATH);
    return new HttpKeyShareTransport(target, new RequestSigner(controlPlane), http, timeout);
  }

  /** An HTTP/1.1 client with {@code timeout} to connect. */
  public static HttpClient client(Duration timeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The URL requests go to. */
  public URI target() {
    return target;
  }

  @Override
  public Bytes exchange(Bytes request) throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .header("Content-Type", KeyShareEndpoint.MEDIA_TYPE)
            .header("Accept", KeyShareEndpoint.MEDIA_TYPE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.toArray()));
    for (Map.Entry<String, String> h : signer.sign("POST", target, request).entrySet()) {
      req.header(h.getKey(), h.getValue());
    }
    HttpResponse<InputStream> res;
    try {
      res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException("POST " + target + ": no answer within " + timeout, e);
    } catch (IOException e) {
      throw new IOException("POST " + target + ": " + describe(e), e);
    }
    try (InputStream body = res.body()) {
      byte[] bytes = body.readNBytes(MAX_RESPONSE + 1);
      if (res.statusCode() != 200) {
        throw new IOException(
            "POST " + target + ": HTTP " + res.statusCode() + " " + printable(bytes));
      }
      if (bytes.length > MAX_RESPONSE) {
        throw new IOException("POST " + target + ": answer exceeds " + MAX_RESPONSE + " bytes");
      }
      return Bytes.of(bytes);
    }
  }

  private static String describe(IOException e) {
    String msg = e.getMessage();
    String name = e.getClass().getSimpleName();
    return msg == null || msg.isBlank() ? name : name + ": " + msg;
  }

  /** The start of a refusal body as printable ASCII, for the operator (never parsed). */
  private static String printable(byte[] body) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < body.length && sb.length() < MAX_PROBLEM_CHARS; i++) {
      char c = (char) (body[i] & 0xff);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.length() < body.length ? sb + "..." : sb.toString();
  }

  @Override
  public String toString() {
    return "HttpKeyShareTransport[" + target + "]";
  }
}

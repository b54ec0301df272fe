package io.dooor.provision.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.common.SecretBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * ARM access tokens for a service principal with a client secret (Microsoft identity platform's
 * OAuth 2.0 client credentials grant, scope {@code https://management.azure.com/.default}), kept
 * until five minutes before they expire. Neither the secret nor a token is ever logged or put in an
 * exception message.
 */
public final class EntraTokens implements Supplier<String> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI tokenEndpoint;
  private final String clientId;
  private final SecretBytes secret;
  private final Clock clock;
  private String token;
  private Instant renewAt = Instant.MIN;

  /**
   * @param authority {@code https://login.microsoftonline.com}
   */
  public EntraTokens(
      HttpClient http,
      URI authority,
      String tenant,
      String clientId,
      SecretBytes secret,
      Clock clock) {
    if (!tenant.matches("[A-Za-z0-9.-]{1,100}")) {
      throw new IllegalArgumentException("tenant is not a tenant id or domain");
    }
    this.http = http;
    this.tokenEndpoint = URI.create(authority + "/" + tenant + "/oauth2/v2.0/token");
    this.clientId = clientId;
    this.secret = secret;
    this.clock = clock;
  }

  @Override
  public synchronized String get() {
    if (token != null && clock.instant().isBefore(renewAt)) {
      return token;
    }
    String form =
        "grant_type=client_credentials&client_id="
            + enc(clientId)
            + "&client_secret="
            + enc(new String(secret.toArray(), StandardCharsets.UTF_8))
            + "&scope="
            + enc("https://management.azure.com/.default");
    try {
      HttpResponse<byte[]> res =
          http.send(
              HttpRequest.newBuilder(tokenEndpoint)
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      JsonNode n = JSON.readTree(res.body());
      if (res.statusCode() != 200 || n == null || !n.path("access_token").isTextual()) {
        throw new IllegalStateException(
            "Entra ID refused the client credentials (" + res.statusCode() + ")");
      }
      token = n.path("access_token").asText();
      long life = Math.max(0, n.path("expires_in").asLong(0) - 300);
      renewAt = clock.instant().plusSeconds(life);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("Entra ID token endpoint unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

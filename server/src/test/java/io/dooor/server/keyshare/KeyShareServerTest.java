package io.dooor.server.keyshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.keyshare.HttpKeyShareTransport;
import io.dooor.keyshare.KeyShareServer;
import io.dooor.server.KeyShareFolder;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.EncryptedKeyShare;
import io.dooor.vetkd.threshold.KeyShare;
import io.dooor.vetkd.threshold.KeyShareEndpoint;
import io.dooor.vetkd.threshold.RemoteKeyShareHolder;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One holder server in this JVM on loopback, asked through the signed HTTP transport; the
 * multi-process behaviour (kill -9, exclusion, threshold) is tested in the cli module.
 */
class KeyShareServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final Identity controlPlane = Identity.generate();
  private final HttpClient http = HttpKeyShareTransport.client(TIMEOUT);
  private KeyShare share;
  private KeyShareServer server;
  private URI base;

  @BeforeEach
  void start(@TempDir Path data) throws Exception {
    List<KeyShare> shares = KeyShareFolder.open(data).loadOrGenerate();
    share = shares.get(3);
    server = HolderProcess.create(share, controlPlane.principal(), Clock.systemUTC());
    server.start("127.0.0.1", 0);
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void answersTheControlPlaneWithItsShare() throws Exception {
    RemoteKeyShareHolder holder =
        new RemoteKeyShareHolder(4, HttpKeyShareTransport.create(base, controlPlane, TIMEOUT));
    EncryptedKeyShare answer = holder.deriveShare(request());
    assertThat(answer.holderIndex()).isEqualTo(4);
    assertThat(server.index()).isEqualTo(4);
  }

  @Test
  void aStrangerGets401NamingThePrincipals() {
    Identity stranger = Identity.generate();
    RemoteKeyShareHolder holder =
        new RemoteKeyShareHolder(4, HttpKeyShareTransport.create(base, stranger, TIMEOUT));
    assertThatThrownBy(() -> holder.deriveShare(request()))
        .isInstanceOfSatisfying(
            VetKdException.class,
            e -> assertThat(e.reason()).isEqualTo(VetKdException.Reason.HOLDER_UNAVAILABLE))
        .hasMessageContaining("holder 4 unreachable")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("principal-not-allowed")
        .hasMessageContaining(stranger.principal().toText());
  }

  @Test
  void staleSignatureIsRefused() throws Exception {
    URI uri = base.resolve(HttpKeyShareTransport.DERIVE_PATH);
    Bytes body = request().toBytes();
    RequestSigner old =
        new RequestSigner(controlPlane, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)));
    HttpResponse<String> res = post(uri, body, old.sign("POST", uri, body));
    assertThat(res.statusCode()).isEqualTo(401);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(res.body()).contains("\"stale\"");
  }

  @Test
  void oversizedBodyIs413AndUnknownRouteIs404() throws Exception {
    URI uri = base.resolve(HttpKeyShareTransport.DERIVE_PATH);
    Bytes big = Bytes.of(new byte[(int) KeyShareServer.MAX_BODY + 1]);
    HttpResponse<String> res =
        post(uri, big, new RequestSigner(controlPlane).sign("POST", uri, big));
    assertThat(res.statusCode()).isEqualTo(413);
    HttpResponse<String> missing =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/nodes")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("not-found");
  }

  @Test
  void deadHolderIsNamedWithItsUrl() throws IOException {
    server.close();
    HttpKeyShareTransport t = HttpKeyShareTransport.create(base, controlPlane, TIMEOUT);
    assertThatThrownBy(() -> t.exchange(request().toBytes()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("POST " + base.resolve(HttpKeyShareTransport.DERIVE_PATH));
  }

  @Test
  void startupCheckPassesTheRightHolderAndNamesEveryWrongOne(@TempDir Path other) throws Exception {
    ThresholdPublicKey pk = share.publicKey();
    Map<Integer, HolderCheck.Result> ok =
        HolderCheck.run(Map.of(4, base), controlPlane, http, TIMEOUT, pk);
    assertThat(ok.get(4).ok()).as(ok.get(4).describe()).isTrue();

    // configured under another index
    HolderCheck.Result wrongIndex =
        HolderCheck.run(Map.of(2, base), controlPlane, http, TIMEOUT, pk).get(2);
    assertThat(wrongIndex.problem())
        .contains("serves the share of holder 4, but is configured as holder 2");
    assertThat(wrongIndex.describe()).startsWith("key-share holder 2 (" + base + ")");

    // a control plane the holder does not answer: 401 with a hint
    HolderCheck.Result stranger =
        HolderCheck.run(Map.of(4, base), Identity.generate(), http, TIMEOUT, pk).get(4);
    assertThat(stranger.problem()).contains("HTTP 401", "principal-not-allowed", "--control-plane");

    // the deployment's key is another one
    ThresholdPublicKey otherKey = KeyShareFolder.open(other).loadOrGenerate().get(0).publicKey();
    HolderCheck.Result wrongKey =
        HolderCheck.run(Map.of(4, base), controlPlane, http, TIMEOUT, otherKey).get(4);
    assertThat(wrongKey.problem()).contains("holds a share of another key");

    // nobody listening
    URI dead = URI.create("http://127.0.0.1:1");
    HolderCheck.Result down =
        HolderCheck.run(Map.of(4, dead), controlPlane, http, TIMEOUT, pk).get(4);
    assertThat(down.ok()).isFalse();
    assertThat(down.problem()).contains("GET http://127.0.0.1:1/v1/keyshare/public-key");

    // fewer than t check out: refused, every failed holder named
    Map<Integer, HolderCheck.Result> mixed =
        HolderCheck.run(Map.of(4, base, 2, base, 5, dead), controlPlane, http, TIMEOUT, pk);
    assertThatThrownBy(() -> HolderCheck.requireThreshold(mixed, 3))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("1 of 3 key-share holders check out, fewer than t=3")
        .hasMessageContaining("key-share holder 2 (")
        .hasMessageContaining("key-share holder 5 (");
    assertThat(HolderCheck.requireThreshold(mixed, 1)).hasSize(2);
  }

  @Test
  void publicKeyRouteIsSignedOnly() throws Exception {
    URI uri = base.resolve(HttpKeyShareTransport.PUBLIC_KEY_PATH);
    HttpResponse<String> unsigned =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(401);
    HttpRequest.Builder signed = HttpRequest.newBuilder(uri);
    new RequestSigner(controlPlane).sign("GET", uri, Bytes.empty()).forEach(signed::header);
    HttpResponse<String> res = http.send(signed.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).contains("\"index\":4").contains(share.publicKey().toBytes().hex());
  }

  private DeriveShareRequest request() throws VetKdException {
    return DeriveShareRequest.of(
        Bytes.fromHex("00000000001000010101"),
        Bytes.of(new byte[] {1, 2}),
        Bytes.of(new byte[] {3}),
        TransportSecretKey.generate().publicKey());
  }

  private HttpResponse<String> post(URI uri, Bytes body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", KeyShareEndpoint.MEDIA_TYPE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toArray()));
    headers.forEach(req::header);
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }
}

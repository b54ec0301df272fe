package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.ControlPlane;
import io.dooor.core.Principal;
import io.dooor.core.port.KeyDerivationReport;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.KeyServiceException;
import io.dooor.core.port.TransportKey;
import io.dooor.keyshare.HttpKeyShareTransport;
import io.dooor.server.keyshare.HolderSetup;
import io.dooor.store.JdbcStore;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.service.VetKdKeyService;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.RemoteKeyShareHolder;
import io.dooor.vetkd.threshold.ThresholdDeriver.FanOut;
import io.dooor.vetkd.threshold.ThresholdKeyGenerator;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key service port over real HTTP: vetKD 2-of-3 with holder 2 a remote holder that is down
 * (nothing listens at its address), wired as the deployment wires it ({@link VetKdKeyService},
 * {@link VetKdRoutes}). A transport key is decoded exactly once per request, whichever route, and
 * the {@code key.derive} event names the holders combined and the one excluded.
 */
class KeyPortHttpTest {
  @TempDir Path dir;

  JdbcStore store;
  VetKdService vetkd;
  Counting keys;
  ControlPlaneServer server;
  ApiClient admin;
  final Identity controller = Identity.generate();

  /**
   * The real key service, counting its calls. Decoding (G1 decompression and subgroup check)
   * happens only in {@link KeyService#parseTransportKey}: {@code derive} takes the decoded key.
   */
  static final class Counting implements KeyService {
    final KeyService real;
    final AtomicInteger parses = new AtomicInteger();
    final AtomicInteger derivations = new AtomicInteger();

    Counting(KeyService real) {
      this.real = real;
    }

    @Override
    public TransportKey parseTransportKey(Bytes encoded) throws KeyServiceException {
      parses.incrementAndGet();
      return real.parseTransportKey(encoded);
    }

    @Override
    public Bytes derivedPublicKey(Bytes context) throws KeyServiceException {
      return real.derivedPublicKey(context);
    }

    @Override
    public KeyDerivationReport derive(Bytes context, Bytes input, TransportKey key)
        throws KeyServiceException {
      derivations.incrementAndGet();
      return real.derive(context, input, key);
    }
  }

  @BeforeEach
  void start() throws Exception {
    store = JdbcStore.sqlite(dir.resolve("t.db"));
    ThresholdKeyGenerator.Generated g =
        new ThresholdKeyGenerator(new SecureRandom()).generate(2, 3);
    SecureRandom rng = new SecureRandom();
    // holder 2 first: in-process holders are asked t at a time, so it is always asked (and fails)
    List<KeyShareHolder> holders =
        List.of(
            new RemoteKeyShareHolder(
                2, HttpKeyShareTransport.create(deadAddress(), controller, Duration.ofSeconds(5))),
            new LocalKeyShareHolder(g.shares().get(0), rng),
            new LocalKeyShareHolder(g.shares().get(2), rng));
    vetkd =
        VetKdService.create(g.publicKey(), holders, Duration.ofSeconds(5), FanOut.THRESHOLD_FIRST);
    Principal canister = Principal.of(new byte[] {0, 0, 0, 0, 0, 0, 0, 9, 1, 1});
    keys = new Counting(new VetKdKeyService(vetkd, canister));
    ControlPlane plane =
        new ControlPlane(
            store,
            new io.dooor.attestation.AttestationVerifier(List.of()),
            keys,
            Clock.systemUTC(),
            Duration.ofSeconds(30));
    plane.init(controller.principal());
    VetKdRoutes routes =
        new VetKdRoutes(vetkd, keys, canister, plane, HolderSetup.embedded(List.of(1, 2, 3)));
    server =
        new ControlPlaneServer(plane, Authenticators.signed(Clock.systemUTC()), List.of(routes))
            .start("127.0.0.1", 0);
    admin = new ApiClient(URI.create("http://127.0.0.1:" + server.port()), controller);
  }

  @AfterEach
  void stop() {
    server.close();
    vetkd.close();
    store.close();
  }

  /** An address where nothing listens: a port just bound and released. */
  static URI deadAddress() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/");
    }
  }

  @Test
  void aDerivationDecodesItsTransportKeyOnceAndItsEventNamesTheHolders() throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    Bytes me = Bytes.of(controller.principal().toBytes());
    HttpResponse<byte[]> res = derive(body("app/notes", me, tsk.publicKey().toBytes().hex()));
    assertThat(res.statusCode()).as(text(res)).isEqualTo(200);
    assertThat(keys.parses).hasValue(1);
    assertThat(keys.derivations).hasValue(1);
    Dto.VetKdDerived r = Json.MAPPER.readValue(res.body(), Dto.VetKdDerived.class);
    VetKdDeriveHttpTest.open(r, tsk, me); // decrypts and verifies as an ICP client would

    Dto.EventView e = lastEvent("key.derive");
    assertThat(e.outcome()).isEqualTo("OK");
    assertThat(e.details())
        .containsEntry("holders_combined", "1,3")
        .containsEntry("holders_excluded", "2:failed")
        .containsEntry("rule", "own-principal");
  }

  @Test
  void aBadTransportKeyIs400NamingTheFieldOnEitherRouteAndNothingIsDerived() throws Exception {
    Bytes me = Bytes.of(controller.principal().toBytes());
    String identity = "c0" + "00".repeat(47);
    HttpResponse<byte[]> viaDerive = derive(body("app/notes", me, identity));
    HttpResponse<byte[]> viaKeys =
        admin.raw(
            "POST",
            "/v1/nodes/n1/keys",
            Json.write(
                new Dto.DeriveKey(
                    "dooor/node-key", Bytes.fromHex("9f" + "ff".repeat(47)).base64())));
    for (HttpResponse<byte[]> res : List.of(viaDerive, viaKeys)) {
      assertThat(res.statusCode()).as(text(res)).isEqualTo(400);
      Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
      assertThat(p.field()).isEqualTo("transport_public_key");
      assertThat(p.code()).isEqualTo("invalid-argument");
    }
    assertThat(keys.parses).hasValue(2);
    assertThat(keys.derivations).hasValue(0);
    assertThat(lastEvent("key.derive").outcome()).isEqualTo("REFUSED");
    assertThat(lastEvent("key.derive").details()).containsEntry("field", "transport_public_key");
  }

  @Test
  void aRefusedNodeKeyRequestDecodesItsTransportKeyOnceToo() throws Exception {
    String tpk = TransportSecretKey.generate().publicKey().toBytes().base64();
    HttpResponse<byte[]> res =
        admin.raw(
            "POST", "/v1/nodes/n1/keys", Json.write(new Dto.DeriveKey("dooor/node-key", tpk)));
    assertThat(res.statusCode()).as(text(res)).isEqualTo(403);
    assertThat(Json.MAPPER.readValue(res.body(), Dto.Problem.class).failedChecks())
        .containsExactly("derive.not_node_identity");
    assertThat(keys.parses).hasValue(1);
    assertThat(keys.derivations).hasValue(0);
  }

  private HttpResponse<byte[]> derive(String json) throws Exception {
    return admin.raw("POST", "/v1/vetkd/derive", json.getBytes(StandardCharsets.UTF_8));
  }

  private Dto.EventView lastEvent(String action) throws Exception {
    return admin.getList("/v1/events?from=0&limit=1000", Dto.EventView.class).stream()
        .filter(e -> e.action().equals(action))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private static String body(String context, Bytes input, String tpkHex) {
    return "{\"context\":\""
        + context
        + "\",\"input\":\""
        + input.hex()
        + "\",\"transport_public_key\":\""
        + tpkHex
        + "\"}";
  }

  private static String text(HttpResponse<byte[]> res) {
    return new String(res.body(), StandardCharsets.UTF_8);
  }
}

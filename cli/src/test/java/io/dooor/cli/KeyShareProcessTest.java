package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.agent.NodeAgent;
import io.dooor.agent.SimEvidenceSource;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import io.dooor.keyshare.HttpKeyShareTransport;
import io.dooor.server.ControlPlaneIdentity;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import io.dooor.server.KeyShareFolder;
import io.dooor.server.keyshare.HolderAddresses;
import io.dooor.server.keyshare.HolderFaultLog;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.VetKey;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.HolderAssertions;
import io.dooor.vetkd.threshold.HolderVerdict;
import io.dooor.vetkd.threshold.KeyShareEndpoint;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.RemoteKeyShareHolder;
import io.dooor.vetkd.threshold.ShareCombiner;
import io.dooor.vetkd.threshold.ThresholdDerivation;
import io.dooor.vetkd.threshold.ThresholdDeriver.FanOut;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key-share holders as real separate JVM processes on loopback, each started with {@code dooor
 * keyshare start} on a share exported with {@code dooor keyshare export --remove}, asked by the
 * control plane over signed HTTP: t=3 of n=5 derive and verify; a holder serving a share of another
 * sharing is excluded and named; a kill -9'd holder is excluded and derivation goes on; with fewer
 * than t good holders the request fails naming them; unsigned, wrong-principal and replayed
 * requests get 401. The methods run in order: the kill comes late.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyShareProcessTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  /** Generous: the CI machine's two cores are shared; no test here measures time. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Bytes CANISTER = Bytes.fromHex("00000000001000010101");
  private static final Bytes CONTEXT = Bytes.of("dooor/test".getBytes(StandardCharsets.UTF_8));
  private static final Bytes INPUT = Bytes.of("node-7".getBytes(StandardCharsets.UTF_8));

  private Path dir;
  private Path data;
  private Identity controlPlane;
  private ThresholdPublicKey publicKey;
  private final Map<Integer, Holder> holders = new TreeMap<>();
  private Holder impostor;
  private final HttpClient http = HttpKeyShareTransport.client(TIMEOUT);

  private record Holder(int index, Process process, URI url, Path log) {}

  @BeforeAll
  void exportSharesAndStartHolders(@TempDir Path tmp) throws Exception {
    dir = tmp;
    data = dir.resolve("data");
    for (int i = 1; i <= 5; i++) {
      export(data, i, "--remove");
    }
    // a holder of index 2 from another sharing: a self-consistent share, wrong for this key
    export(dir.resolve("other"), 2);
    controlPlane = ControlPlaneIdentity.loadOrCreate(data);
    publicKey = KeyShareFolder.open(data).publicKey();
    assertThat(KeyShareFolder.open(data).load()).as("exported with --remove").isEmpty();
    List<Holder> starting = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      starting.add(start(i, "share-" + i, "holder-" + i));
    }
    starting.add(start(2, "other-2", "other-2"));
    for (Holder h : starting) {
      Holder up = awaitListening(h);
      if (h.log().getFileName().toString().startsWith("other")) {
        impostor = up;
      } else {
        holders.put(up.index(), up);
      }
    }
  }

  @AfterAll
  void stopHolders() {
    holders.values().forEach(h -> h.process().destroyForcibly());
    if (impostor != null) {
      impostor.process().destroyForcibly();
    }
  }

  @Test
  @Order(1)
  void healthNamesIndexAndPublicKeyShare() throws Exception {
    for (Holder h : holders.values()) {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(h.url().resolve(HttpKeyShareTransport.HEALTH_PATH)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(200);
      String share = Bytes.of(publicKey.publicKeyShare(h.index()).toBytes()).hex();
      assertThat(res.body())
          .contains("\"index\":" + h.index())
          .contains(share)
          .contains(controlPlane.principal().toText());
    }
  }

  @Test
  @Order(2)
  void threeOfFiveHolderProcessesDeriveAVerifiedKey() throws Exception {
    try (VetKdService svc = service(addresses(holders))) {
      TransportSecretKey a = TransportSecretKey.generate();
      ThresholdDerivation d = derive(svc, a);
      assertThat(d.excludedHolders()).isEmpty();
      assertThat(d.combinedHolders()).hasSize(3);
      DerivedPublicKey dpk =
          new ShareCombiner(publicKey, new SecureRandom()).publicKey(CANISTER, CONTEXT);
      assertThat(d.derivedPublicKey()).isEqualTo(dpk);
      VetKey first = d.encryptedKey().decryptAndVerify(a, dpk, INPUT);
      TransportSecretKey b = TransportSecretKey.generate();
      VetKey second = derive(svc, b).encryptedKey().decryptAndVerify(b, dpk, INPUT);
      assertThat(second.toBytes()).as("the vetKey is unique per input").isEqualTo(first.toBytes());
    }
  }

  @Test
  @Order(3)
  void holderServingAnotherSharingsShareIsExcludedAndNamed() throws Exception {
    Map<Integer, URI> urls = addresses(holders);
    urls.put(2, impostor.url());
    try (VetKdService svc = service(urls)) {
      TransportSecretKey tsk = TransportSecretKey.generate();
      ThresholdDerivation d = derive(svc, tsk);
      assertThat(d.excludedHolders().keySet()).isSubsetOf(2);
      assertThat(d.combinedHolders()).doesNotContain(2);
      // named in the result, or (answered after t valid shares) by the health record
      HolderAssertions.assertNamed(
          svc, d, 2, HolderVerdict.Outcome.INVALID_SHARE, "fails verification");
      d.encryptedKey().decryptAndVerify(tsk, d.derivedPublicKey(), INPUT);
    }
  }

  @Test
  @Order(4)
  void holderRefusesUnsignedWrongPrincipalForgedAndReplayedRequests() throws Exception {
    Holder h = holders.get(1);
    URI uri = h.url().resolve(HttpKeyShareTransport.DERIVE_PATH);
    Bytes body = request(TransportSecretKey.generate()).toBytes();

    HttpResponse<String> unsigned = post(uri, body, Map.of());
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(unsigned.body()).contains("missing-signature").contains("unsigned");

    Identity stranger = Identity.generate();
    HttpResponse<String> wrong =
        post(uri, body, new RequestSigner(stranger).sign("POST", uri, body));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body())
        .contains("principal-not-allowed")
        .contains(controlPlane.principal().toText())
        .contains(stranger.principal().toText());

    Map<String, String> forged =
        new LinkedHashMap<>(new RequestSigner(stranger).sign("POST", uri, body));
    forged.put(RequestSigner.PUBLIC_KEY, controlPlane.publicKeySpki().base64());
    forged.put(
        RequestSigner.SIGNATURE_INPUT,
        forged
            .get(RequestSigner.SIGNATURE_INPUT)
            .replace(stranger.principal().toText(), controlPlane.principal().toText()));
    HttpResponse<String> forgedRes = post(uri, body, forged);
    assertThat(forgedRes.statusCode()).isEqualTo(401);
    assertThat(forgedRes.body()).contains("signature-invalid");

    Map<String, String> signed = new RequestSigner(controlPlane).sign("POST", uri, body);
    assertThat(post(uri, body, signed).statusCode()).isEqualTo(200);
    HttpResponse<String> replay = post(uri, body, signed);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed");

    Bytes garbage = Bytes.of("DVKQ?".getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> bad =
        post(uri, garbage, new RequestSigner(controlPlane).sign("POST", uri, garbage));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("derive-share request");
  }

  @Test
  @Order(5)
  void deploymentDerivesNodeKeysThroughHolderProcesses() throws Exception {
    DeploymentConfig embedded = DeploymentConfig.embedded(data, 0);
    assertThatThrownBy(() -> Deployment.start(embedded).close())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("fewer than the threshold 3");
    DeploymentConfig remote =
        embedded.withKeyShareHolders(new HolderAddresses(addresses(holders)), TIMEOUT);
    try (Deployment d = Deployment.start(remote)) {
      URI url = URI.create("http://127.0.0.1:" + d.port());
      Identity controller = Identity.generate();
      d.plane().init(controller.principal());
      ApiClient admin = new ApiClient(url, controller);
      Bytes measurement = Bytes.fromHex("d0".repeat(48));
      admin.put(
          "/v1/policies/demo",
          new Dto.PolicyBody(
              List.of("sim"),
              Map.of("MEASUREMENT", List.of(measurement.hex())),
              Map.of(),
              List.of("NotApplicable"),
              false,
              600L,
              60L),
          Dto.PolicyView.class);
      Identity key = Identity.generate();
      Bytes platform = Bytes.of(java.util.Arrays.copyOf(key.principal().toBytes(), 16));
      NodeAgent agent =
          new NodeAgent(
              NodeId.of("node-1"),
              "demo",
              key,
              new SimEvidenceSource(d.simTee().orElseThrow(), measurement, platform, false),
              new ApiClient(url, key));
      agent.admit();
      VetKey vetKey = agent.deriveNodeKey("dooor/node-key");
      assertThat(vetKey.toBytes().length()).isEqualTo(48);
      Principal deployment =
          Principal.parse(
              Files.readString(data.resolve("deployment-id"), StandardCharsets.UTF_8).strip());
      Bytes expected =
          new ShareCombiner(publicKey, new SecureRandom())
              .publicKey(
                  Bytes.of(deployment.toBytes()),
                  Bytes.of("dooor/node-key".getBytes(StandardCharsets.UTF_8)))
              .toBytes();
      Map<?, ?> stated = admin.get("/v1/vetkd/public-key?context=dooor/node-key", Map.class);
      assertThat(stated.get("public_key_hex")).isEqualTo(expected.hex());
      Dto.VetKdHolders view = admin.get("/v1/vetkd/holders", Dto.VetKdHolders.class);
      assertThat(view.mode()).isEqualTo("remote");
      assertThat(view.keyShareHolders())
          .hasSize(5)
          .allSatisfy(h -> assertThat(h.startupCheck()).isEqualTo("ok"));
      assertThat(view.keyShareHolders().stream().filter(h -> "VALID".equals(h.lastOutcome())))
          .hasSizeGreaterThanOrEqualTo(3);
    }
  }

  @Test
  @Order(5)
  void deploymentWarnsAboutAWrongHolderAtStartupAndRecordsItsFaults() throws Exception {
    Map<Integer, URI> urls = addresses(holders);
    urls.put(2, impostor.url());
    // the same key and control-plane identity, a fresh database
    Path fresh = dir.resolve("data-faults");
    copyWithoutDatabase(data, fresh);
    DeploymentConfig remote =
        DeploymentConfig.embedded(fresh, 0).withKeyShareHolders(new HolderAddresses(urls), TIMEOUT);
    try (Deployment d = Deployment.start(remote)) {
      URI url = URI.create("http://127.0.0.1:" + d.port());
      Identity controller = Identity.generate();
      d.plane().init(controller.principal());
      ApiClient admin = new ApiClient(url, controller);
      Dto.VetKdHolders view = admin.get("/v1/vetkd/holders", Dto.VetKdHolders.class);
      assertThat(view.keyShareHolders().get(1).startupCheck())
          .contains("holds a share of another key");
      assertThat(view.keyShareHolders().get(0).startupCheck()).isEqualTo("ok");
      // a role holder derives the key of its own principal: every holder is asked
      TransportSecretKey tsk = TransportSecretKey.generate();
      Bytes me = Bytes.of(controller.principal().toBytes());
      String body =
          "{\"context\":\"app/x\",\"input\":\""
              + me.hex()
              + "\",\"transport_public_key\":\""
              + tsk.publicKey().toBytes().hex()
              + "\"}";
      HttpResponse<byte[]> res =
          admin.raw("POST", "/v1/vetkd/derive", body.getBytes(StandardCharsets.UTF_8));
      assertThat(res.statusCode())
          .as(new String(res.body(), StandardCharsets.UTF_8))
          .isEqualTo(200);
      // the fault may be judged after the answer: wait (bounded) for the record
      Dto.HolderView two = null;
      for (int i = 0; i < 1200; i++) {
        two = admin.get("/v1/vetkd/holders", Dto.VetKdHolders.class).keyShareHolders().get(1);
        if (two.lastFaultOutcome() != null) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(two.index()).isEqualTo(2);
      assertThat(two.lastFaultOutcome()).isEqualTo("INVALID_SHARE");
      assertThat(two.lastFaultDetail()).contains("fails verification");
      List<Event> faults =
          d.plane().store().events(0, d.plane().store().eventCount()).stream()
              .filter(e -> e.action().equals(HolderFaultLog.ACTION))
              .toList();
      assertThat(faults).hasSize(1);
      assertThat(faults.get(0).subject()).isEqualTo("keyshare-holder:2");
      assertThat(faults.get(0).outcome()).isEqualTo(Event.Outcome.REFUSED);
    }
  }

  @Test
  @Order(5)
  void deploymentRefusesToStartWithFewerThanThresholdRightHolders() {
    Map<Integer, URI> urls = new TreeMap<>();
    urls.put(1, holders.get(1).url());
    urls.put(2, impostor.url());
    urls.put(3, holders.get(4).url()); // holder 4, configured as 3
    DeploymentConfig remote =
        DeploymentConfig.embedded(data, 0).withKeyShareHolders(new HolderAddresses(urls), TIMEOUT);
    assertThatThrownBy(() -> Deployment.start(remote).close())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("1 of 3 key-share holders check out, fewer than t=3")
        .hasMessageContaining("key-share holder 2 (" + impostor.url() + "): holds a share of")
        .hasMessageContaining(
            "key-share holder 3 (" + holders.get(4).url() + "): serves the share of holder 4");
  }

  @Test
  @Order(6)
  void killNineOneHolderAndStillDerive() throws Exception {
    Holder victim = holders.get(5);
    victim.process().destroyForcibly();
    assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(victim.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
    try (VetKdService svc = service(addresses(holders))) {
      TransportSecretKey tsk = TransportSecretKey.generate();
      ThresholdDerivation d = derive(svc, tsk);
      assertThat(d.excludedHolders().keySet()).isSubsetOf(5);
      HolderAssertions.assertNamed(svc, d, 5, HolderVerdict.Outcome.FAILED, "holder 5 unreachable");
      HolderAssertions.assertNamed(
          svc, d, 5, HolderVerdict.Outcome.FAILED, victim.url().getAuthority());
      d.encryptedKey()
          .decryptAndVerify(
              tsk,
              new ShareCombiner(publicKey, new SecureRandom()).publicKey(CANISTER, CONTEXT),
              INPUT);
    }
  }

  @Test
  @Order(7)
  void fewerThanThresholdGoodHoldersFailsNamingTheExcluded() throws Exception {
    Map<Integer, URI> urls = new TreeMap<>();
    urls.put(1, holders.get(1).url());
    urls.put(2, impostor.url());
    urls.put(3, holders.get(3).url());
    urls.put(5, holders.get(5).url()); // killed in the previous test
    try (VetKdService svc = service(urls)) {
      assertThatThrownBy(() -> derive(svc, TransportSecretKey.generate()))
          .isInstanceOfSatisfying(
              VetKdException.class,
              e -> assertThat(e.reason()).isEqualTo(VetKdException.Reason.NOT_ENOUGH_SHARES))
          .hasMessageContaining("need 3 valid shares, got 2")
          .hasMessageContaining("2=encrypted key share fails verification")
          .hasMessageContaining("5=failed");
    }
  }

  private static void copyWithoutDatabase(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (f.getFileName().toString().startsWith("dooor.db")) {
          continue;
        }
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private void export(Path dataDir, int index, String... extra) {
    String name = dataDir.getFileName() + "-" + index;
    List<String> args =
        new ArrayList<>(
            List.of(
                "keyshare",
                "export",
                "--data",
                dataDir.toString(),
                "--index",
                Integer.toString(index),
                "--out",
                dir.resolve(name.replace("data-", "share-") + ".sealed").toString(),
                "--sealing-key",
                "file:" + dir.resolve(name.replace("data-", "holder-") + ".key")));
    args.addAll(List.of(extra));
    assertThat(Main.run(args.toArray(String[]::new))).as("export " + name).isEqualTo(0);
  }

  private Holder start(int index, String share, String key) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(
        List.of(
            "keyshare",
            "start",
            "--share",
            dir.resolve(share + ".sealed").toString(),
            "--sealing-key",
            "file:" + dir.resolve(key + ".key"),
            "--control-plane",
            controlPlane.principal().toText(),
            "--port",
            "0"));
    Path log = dir.resolve(share + ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Holder(index, p, null, log);
  }

  /** Waits (bounded, not timed) for the holder to print its port. */
  private static Holder awaitListening(Holder h) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(h.log(), StandardCharsets.UTF_8));
      if (m.find()) {
        return new Holder(
            h.index(), h.process(), URI.create("http://127.0.0.1:" + m.group(1)), h.log());
      }
      if (!h.process().isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "holder "
            + h.log()
            + " did not start:\n"
            + Files.readString(h.log(), StandardCharsets.UTF_8));
  }

  private static Map<Integer, URI> addresses(Map<Integer, Holder> hs) {
    Map<Integer, URI> out = new TreeMap<>();
    hs.forEach((i, h) -> out.put(i, h.url()));
    return out;
  }

  /** The remote-holder key service exactly as the deployment builds it. */
  private VetKdService service(Map<Integer, URI> urls) throws VetKdException {
    List<KeyShareHolder> remote = new ArrayList<>();
    urls.forEach(
        (i, url) ->
            remote.add(
                new RemoteKeyShareHolder(
                    i, HttpKeyShareTransport.create(url, controlPlane, TIMEOUT, http))));
    return VetKdService.create(publicKey, remote, TIMEOUT, FanOut.ALL);
  }

  private static DeriveShareRequest request(TransportSecretKey tsk) throws VetKdException {
    return DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, tsk.publicKey());
  }

  private static ThresholdDerivation derive(VetKdService svc, TransportSecretKey tsk)
      throws VetKdException {
    return svc.deriveWithReport(request(tsk));
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

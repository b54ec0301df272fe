package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import io.dooor.keyshare.DkgIdentities;
import io.dooor.keyshare.DkgParticipant;
import io.dooor.keyshare.HttpKeyShareTransport;
import io.dooor.server.ControlPlaneIdentity;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import io.dooor.server.KeyShareFolder;
import io.dooor.server.keyshare.HolderAddresses;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.threshold.DkgAnswer;
import io.dooor.vetkd.threshold.DkgDealer;
import io.dooor.vetkd.threshold.DkgDealing;
import io.dooor.vetkd.threshold.DkgHooks;
import io.dooor.vetkd.threshold.DkgRoster;
import io.dooor.vetkd.threshold.FileSealingKeySource;
import io.dooor.vetkd.threshold.KeyShare;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.KeyShareSealer;
import io.dooor.vetkd.threshold.RemoteKeyShareHolder;
import io.dooor.vetkd.threshold.ReshareComplaint;
import io.dooor.vetkd.threshold.ReshareRecipientKey;
import io.dooor.vetkd.threshold.ShareCombiner;
import io.dooor.vetkd.threshold.ThresholdDeriver.FanOut;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master key born distributed, with real processes on loopback: five {@code dooor keyshare dkg}
 * processes and a {@code dkg-relay} print one master public key digest; the control plane (its
 * folder holding only the public key) derives through the five holders started on those shares, and
 * every derivation verifies under that key; a holder killed and restarted still serves its share;
 * no file the run wrote contains the master secret. With four holder processes and a cheating fifth
 * dealer (in-test, since the command line deals only honestly), the complaint round disqualifies it
 * at every honest holder and they still agree.
 *
 * <p>The scan: no process ever computes the master secret, so the test gets it the only way there
 * is, by unsealing t of the holders' shares in-test and interpolating them (checked against the
 * master public key, so the scan searches for the right value); then every file under the run's
 * folder (relay and holder logs, sealed shares, sealing keys, public keys, the control plane's data
 * folder and database) is searched for it, big- and little-endian, raw, hex and base64.
 */
class DkgProcessTest {
  private static final Pattern MASTER = Pattern.compile("master public key sha256: ([0-9a-f]{64})");
  private static final Pattern TRANSCRIPT = Pattern.compile("transcript sha256: ([0-9a-f]{64})");
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String RUN = "dkg-process-test";

  @TempDir Path dir;

  private final List<Identity> ids = new ArrayList<>();

  /** Five holder identity keys (PEM files id-i.pem) and their roster (identities.txt). */
  @org.junit.jupiter.api.BeforeEach
  void identities() throws Exception {
    StringBuilder roster = new StringBuilder("# the holders' identity keys, holder j on line j\n");
    for (int i = 1; i <= 5; i++) {
      Identity id = Identity.generate();
      id.save(dir.resolve("id-" + i + ".pem"));
      ids.add(id);
      roster.append(id.publicKeySpki().base64()).append('\n');
    }
    Files.writeString(dir.resolve("identities.txt"), roster, StandardCharsets.US_ASCII);
  }

  @Test
  void fiveHolderProcessesMakeOneKeyTheControlPlaneDerivesThroughAndNoFileHoldsTheSecret()
      throws Exception {
    Path data = dir.resolve("data");
    Identity cp = ControlPlaneIdentity.loadOrCreate(data);
    Process relay = ServerProcesses.dooor(relayArgs(5), dir.resolve("relay.log").toFile().toPath());
    List<Process> holders = new ArrayList<>();
    try {
      URI url = ServerProcesses.awaitListening(relay, dir.resolve("relay.log"));
      List<Process> dkg = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        dkg.add(ServerProcesses.dooor(dkgArgs(url, i, 5), log(i)));
      }
      List<String> masters = awaitDkg(dkg, 5);
      assertThat(masters).hasSize(5).containsOnly(masters.get(0));
      List<String> transcripts = grepAll(TRANSCRIPT, 5);
      assertThat(transcripts).containsOnly(transcripts.get(0));

      Path folder = data.resolve("keyshares");
      Files.createDirectories(folder);
      Files.setPosixFilePermissions(
          folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      Files.copy(dir.resolve("pk-1.hex"), folder.resolve("public-key.hex"));
      ThresholdPublicKey pk = KeyShareFolder.open(data).publicKey();
      for (int i = 2; i <= 5; i++) {
        assertThat(Files.readString(dir.resolve("pk-" + i + ".hex"), StandardCharsets.US_ASCII))
            .isEqualTo(
                Files.readString(folder.resolve("public-key.hex"), StandardCharsets.US_ASCII));
      }
      Map<Integer, URI> urls = new TreeMap<>();
      for (int i = 1; i <= 5; i++) {
        Process h = ServerProcesses.dooor(startArgs(i, cp), dir.resolve("holder-" + i + ".log"));
        holders.add(h);
        urls.put(i, ServerProcesses.awaitListening(h, dir.resolve("holder-" + i + ".log")));
      }
      deriveThroughTheControlPlane(data, urls, pk);

      // a holder killed and restarted after the DKG still serves its share
      holders.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Path relog = dir.resolve("holder-1-again.log");
      Process again = ServerProcesses.dooor(startArgs(1, cp), relog);
      holders.set(0, again);
      urls.put(1, ServerProcesses.awaitListening(again, relog));
      deriveThroughExactly(cp, pk, Map.of(1, urls.get(1), 2, urls.get(2), 3, urls.get(3)));

      assertThat(KeyShareFolder.open(data).sealedIndices())
          .as("no share in the CP folder")
          .isEmpty();
      List<KeyShare> shares = new ArrayList<>();
      for (int i : new int[] {2, 4, 5}) {
        shares.add(
            new KeyShareSealer(
                    new FileSealingKeySource(dir.resolve("seal-" + i + ".key")), new SecureRandom())
                .unseal(Bytes.of(Files.readAllBytes(dir.resolve("share-" + i + ".sealed")))));
      }
      Bytes secret = DkgHooks.masterSecret(shares);
      assertThat(DkgHooks.isMasterSecret(pk, secret)).as("interpolated the right secret").isTrue();
      assertNoFileContains(secret);
    } finally {
      holders.forEach(Process::destroyForcibly);
      relay.destroyForcibly();
    }
  }

  @Test
  void aCheatingDealerIsDisqualifiedAtEveryHonestHolderAndTheyStillAgree() throws Exception {
    Process relay = ServerProcesses.dooor(relayArgs(5), dir.resolve("relay.log"));
    try {
      URI url = ServerProcesses.awaitListening(relay, dir.resolve("relay.log"));
      // a squatter who reaches the relay cannot take holder 1's slot: refused and logged
      java.net.http.HttpResponse<String> squat =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(url.resolve("/v1/dkg/keys/1"))
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString("squat"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(squat.statusCode()).isEqualTo(401);
      assertThat(Files.readString(dir.resolve("relay.log"), StandardCharsets.UTF_8))
          .contains("refused post for holder 1 in round keys: 401 unauthenticated");
      List<Process> dkg = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        dkg.add(ServerProcesses.dooor(dkgArgs(url, i, 5), log(i)));
      }
      DkgParticipant.Dealer cheat =
          new DkgParticipant.Dealer() {
            @Override
            public DkgDealing.Dealt deal(DkgRoster roster, int index, ReshareRecipientKey key)
                throws io.dooor.vetkd.VetKdException {
              return DkgHooks.cheating(roster, index, key, 2);
            }

            @Override
            public List<DkgAnswer> answer(
                DkgDealer dealer, DkgRoster roster, List<ReshareComplaint> complaints) {
              return List.of(); // does not answer the complaint
            }
          };
      CompletableFuture<DkgParticipant.Result> cheater =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new DkgParticipant(
                          url,
                          DkgIdentities.parse(
                              Files.readString(
                                  dir.resolve("identities.txt"), StandardCharsets.US_ASCII)),
                          RUN,
                          ids.get(4),
                          HttpKeyShareTransport.client(TIMEOUT),
                          TIMEOUT)
                      .run(5, 3, 5, cheat, new SecureRandom());
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      List<String> masters = awaitDkg(dkg, 4);
      assertThat(masters).containsOnly(masters.get(0));
      for (int i = 1; i <= 4; i++) {
        assertThat(Files.readString(log(i), StandardCharsets.UTF_8))
            .contains("disqualified holder 5: complaint of holder 2")
            .contains("share from the dealings of holders [1, 2, 3, 4]");
      }
      assertThat(Files.readString(log(2), StandardCharsets.UTF_8)).doesNotContain("refused");
      DkgParticipant.Result c = cheater.get(120, TimeUnit.SECONDS);
      assertThat(c.received().disqualified()).containsOnlyKeys(5);
    } finally {
      relay.destroyForcibly();
    }
  }

  private void deriveThroughTheControlPlane(
      Path data, Map<Integer, URI> urls, ThresholdPublicKey pk) throws Exception {
    DeploymentConfig remote =
        DeploymentConfig.embedded(data, 0).withKeyShareHolders(new HolderAddresses(urls), TIMEOUT);
    try (Deployment d = Deployment.start(remote)) {
      Identity controller = Identity.generate();
      d.plane().init(controller.principal());
      ApiClient admin = new ApiClient(URI.create("http://127.0.0.1:" + d.port()), controller);
      Principal deployment =
          Principal.parse(
              Files.readString(data.resolve("deployment-id"), StandardCharsets.UTF_8).strip());
      Bytes me = Bytes.of(controller.principal().toBytes());
      for (String context : List.of("app/a", "app/b", "app/c")) {
        TransportSecretKey tsk = TransportSecretKey.generate();
        Dto.VetKdDerived got =
            admin.post(
                "/v1/vetkd/derive",
                new Dto.VetKdDerive(context, me.hex(), tsk.publicKey().toBytes().hex()),
                Dto.VetKdDerived.class);
        DerivedPublicKey expected =
            new ShareCombiner(pk, new SecureRandom())
                .publicKey(
                    Bytes.of(deployment.toBytes()),
                    Bytes.of(context.getBytes(StandardCharsets.UTF_8)));
        assertThat(got.derivedPublicKeyHex()).isEqualTo(expected.toBytes().hex());
        EncryptedVetKey.parse(Bytes.fromHex(got.encryptedKeyHex()))
            .decryptAndVerify(tsk, expected, me);
      }
    }
  }

  private static void deriveThroughExactly(
      Identity cp, ThresholdPublicKey pk, Map<Integer, URI> urls) throws Exception {
    List<KeyShareHolder> remote = new ArrayList<>();
    var http = HttpKeyShareTransport.client(TIMEOUT);
    urls.forEach(
        (i, u) ->
            remote.add(
                new RemoteKeyShareHolder(i, HttpKeyShareTransport.create(u, cp, TIMEOUT, http))));
    Bytes canister = Bytes.fromHex("00000000001000010101");
    Bytes context = Bytes.of("dooor/restart".getBytes(StandardCharsets.UTF_8));
    Bytes input = Bytes.of("x".getBytes(StandardCharsets.UTF_8));
    try (VetKdService svc = VetKdService.create(pk, remote, TIMEOUT, FanOut.ALL)) {
      TransportSecretKey tsk = TransportSecretKey.generate();
      var d =
          svc.deriveWithReport(
              io.dooor.vetkd.threshold.DeriveShareRequest.of(
                  canister, context, input, tsk.publicKey()));
      assertThat(d.combinedHolders()).contains(1);
      d.encryptedKey().decryptAndVerify(tsk, svc.publicKey(canister, context), input);
    }
  }

  private void assertNoFileContains(Bytes secret) throws Exception {
    byte[] be = secret.toArray();
    byte[] le = new byte[be.length];
    for (int i = 0; i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    List<byte[]> needles = new ArrayList<>();
    for (byte[] b : List.of(be, le)) {
      needles.add(b);
      String hex = HexFormat.of().formatHex(b);
      needles.add(hex.getBytes(StandardCharsets.US_ASCII));
      needles.add(hex.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
      needles.add(Base64.getEncoder().encodeToString(b).getBytes(StandardCharsets.US_ASCII));
    }
    int files = 0;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        byte[] content = Files.readAllBytes(f);
        files++;
        for (byte[] n : needles) {
          assertThat(indexOf(content, n)).as(f + " contains the master secret").isEqualTo(-1);
        }
      }
    }
    assertThat(files).as("scanned the shares, keys, logs and database").isGreaterThan(20);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private List<String> awaitDkg(List<Process> dkg, int count) throws Exception {
    for (int i = 0; i < dkg.size(); i++) {
      assertThat(dkg.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
      assertThat(dkg.get(i).exitValue())
          .as(Files.readString(log(i + 1), StandardCharsets.UTF_8))
          .isEqualTo(0);
    }
    return grepAll(MASTER, count);
  }

  private List<String> grepAll(Pattern p, int count) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      Matcher m = p.matcher(Files.readString(log(i), StandardCharsets.UTF_8));
      assertThat(m.find()).as("holder " + i + " printed " + p).isTrue();
      out.add(m.group(1));
    }
    return out;
  }

  private Path log(int i) {
    return dir.resolve("dkg-" + i + ".log");
  }

  private List<String> relayArgs(int n) {
    return List.of(
        "keyshare",
        "dkg-relay",
        "--holders",
        Integer.toString(n),
        "--identities",
        dir.resolve("identities.txt").toString(),
        "--run",
        RUN,
        "--port",
        "0");
  }

  private List<String> dkgArgs(URI relay, int i, int n) {
    return List.of(
        "keyshare", "dkg",
        "--relay", relay.toString(),
        "--index", Integer.toString(i),
        "--threshold", "3",
        "--holders", Integer.toString(n),
        "--identities", dir.resolve("identities.txt").toString(),
        "--identity", dir.resolve("id-" + i + ".pem").toString(),
        "--run", RUN,
        "--sealing-key", "file:" + dir.resolve("seal-" + i + ".key"),
        "--out", dir.resolve("share-" + i + ".sealed").toString(),
        "--public-key-out", dir.resolve("pk-" + i + ".hex").toString());
  }

  private List<String> startArgs(int i, Identity cp) {
    return List.of(
        "keyshare",
        "start",
        "--share",
        dir.resolve("share-" + i + ".sealed").toString(),
        "--sealing-key",
        "file:" + dir.resolve("seal-" + i + ".key"),
        "--control-plane",
        cp.principal().toText(),
        "--port",
        "0");
  }
}

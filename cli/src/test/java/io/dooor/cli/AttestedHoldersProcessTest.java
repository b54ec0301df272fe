package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.attestation.sim.SimTee;
import io.dooor.client.ApiClient;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.server.ControlPlaneIdentity;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import io.dooor.server.keyshare.HolderAddresses;
import io.dooor.server.keyshare.HolderAttestations;
import io.dooor.server.keyshare.SimControlPlaneTee;
import io.dooor.vetkd.TransportSecretKey;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * Attested key-share holders (issue 16) as real {@code dooor keyshare start} processes on loopback,
 * in sim (development) mode: each presents sim evidence signed by the control plane's simulation
 * root and checks the control plane's sim evidence against its control-plane policy. Holder 5
 * measures another build: its evidence fails the holder policy, it is excluded and named, and the
 * exclusion is an audit event; holder 4 is killed, its evidence expires, it is excluded until it is
 * back and attests again; a production holder policy refuses sim evidence, and with fewer than t
 * holders passing, {@code dooor server start} is refused naming each; a holder whose control-plane
 * policy is the production one refuses the control plane's sim evidence and is named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttestedHoldersProcessTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String OTHER_BUILD = "0b".repeat(48);

  private Path dir;
  private Path data;
  private Path holderPolicy;
  private Path cpPolicy;
  private final Map<Integer, Process> processes = new TreeMap<>();
  private final Map<Integer, Integer> ports = new TreeMap<>();

  @BeforeAll
  void exportSharesAndStartHolders(@TempDir Path tmp) throws Exception {
    dir = tmp;
    data = dir.resolve("data");
    for (int i = 1; i <= 5; i++) {
      String[] args = {
        "keyshare",
        "export",
        "--data",
        data.toString(),
        "--index",
        Integer.toString(i),
        "--out",
        dir.resolve("share-" + i + ".sealed").toString(),
        "--sealing-key",
        "file:" + dir.resolve("holder-" + i + ".key"),
        "--remove"
      };
      assertThat(Main.run(args)).as("export " + i).isEqualTo(0);
    }
    // the development simulation root, as `server start` creates it in the data folder
    SimTee.loadOrCreate(data.resolve("sim-root.der"), Clock.systemUTC());
    holderPolicy =
        policy("holder-policy.json", SimControlPlaneTee.HOLDER_MEASUREMENT.hex(), /* ttl */ 5);
    cpPolicy = policy("cp-policy.json", SimControlPlaneTee.CONTROL_PLANE_MEASUREMENT.hex(), 600);
    for (int i = 1; i <= 5; i++) {
      processes.put(i, startHolder(i, 0, i == 5 ? OTHER_BUILD : null, cpPolicy.toString()));
    }
    for (int i = 1; i <= 5; i++) {
      ports.put(i, awaitPort(processes.get(i), log(i)));
    }
  }

  @AfterAll
  void stopHolders() {
    processes.values().forEach(Process::destroyForcibly);
  }

  @Test
  @Order(1)
  void failingHolderIsExcludedAndNamedAndAnExpiredOneUntilItAttestsAgain() throws Exception {
    DeploymentConfig config =
        DeploymentConfig.embedded(data, 0)
            .withKeyShareHolders(
                new HolderAddresses(urls())
                    .attested(
                        new HolderAddresses.Attestation(
                            policyOf(holderPolicy), Duration.ofMillis(500))),
                TIMEOUT);
    try (Deployment d = Deployment.start(config)) {
      Identity controller = Identity.generate();
      d.plane().init(controller.principal());
      URI url = URI.create("http://127.0.0.1:" + d.port());
      ApiClient admin = new ApiClient(url, controller);

      List<Event> excluded = await(d, HolderAttestations.EXCLUDED, "keyshare-holder:5", 1);
      assertThat(excluded.get(0).outcome()).isEqualTo(Event.Outcome.REFUSED);
      assertThat(excluded.get(0).reason())
          .contains("measurement MEASUREMENT: " + OTHER_BUILD + " is not a reference value");
      for (int i = 1; i <= 4; i++) {
        assertThat(
                await(d, HolderAttestations.ATTESTED, "keyshare-holder:" + i, 1).get(0).details())
            .containsEntry("tee_type", "sim");
      }
      assertThat(derive(d, admin, controller)).contains("5:failed");

      // holder 4 goes away: its evidence (fresh for 5 s) expires, it is excluded until it is back
      processes.get(4).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Event expired =
          awaitReason(
              d, HolderAttestations.EXCLUDED, "keyshare-holder:4", "attesting again failed");
      assertThat(expired.reason()).contains("its evidence expired at");
      String without4 = derive(d, admin, controller);
      assertThat(without4).contains("4:failed").contains("5:failed");

      int attested = events(d, HolderAttestations.ATTESTED, "keyshare-holder:4").size();
      processes.put(4, startHolder(4, ports.get(4), null, cpPolicy.toString()));
      awaitPort(processes.get(4), log(4));
      await(d, HolderAttestations.ATTESTED, "keyshare-holder:4", attested + 1);
      String with4 = derive(d, admin, controller);
      assertThat(with4).doesNotContain("4:failed");
    }
  }

  @Test
  @Order(2)
  void productionHolderPolicyRefusesSimAndStartIsRefusedNamingEachHolder() throws Exception {
    Path log = dir.resolve("server-production.log");
    List<String> args =
        new ArrayList<>(
            List.of(
                "server",
                "start",
                "--data",
                data.toString(),
                "--port",
                "0",
                "--holder-policy",
                "production"));
    urls().forEach((i, u) -> args.addAll(List.of("--key-share-holder", i + "=" + u)));
    Process p = ServerProcesses.dooor(args, log);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("server start gives up").isTrue();
    assertThat(p.exitValue()).isNotZero();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(out).contains("0 of 5 key-share holders pass the holder policy");
    for (int i = 1; i <= 5; i++) {
      assertThat(out)
          .contains("key-share holder " + i + " (" + urls().get(i) + "): ")
          .contains("refuses sim evidence");
    }
  }

  @Test
  @Order(3)
  void holderWithProductionControlPlanePolicyRefusesSimControlPlaneAndIsNamed() throws Exception {
    processes.get(3).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    processes.put(3, startHolder(3, ports.get(3), null, "production"));
    awaitPort(processes.get(3), log(3));
    Map<Integer, URI> three = new TreeMap<>();
    three.put(1, urls().get(1));
    three.put(2, urls().get(2));
    three.put(3, urls().get(3));
    DeploymentConfig config =
        DeploymentConfig.embedded(data, 0)
            .withKeyShareHolders(
                new HolderAddresses(three)
                    .attested(
                        new HolderAddresses.Attestation(
                            policyOf(holderPolicy), Duration.ofSeconds(60))),
                TIMEOUT);
    assertThatThrownBy(() -> Deployment.start(config).close())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("2 of 3 key-share holders pass")
        .hasMessageContaining("key-share holder 3 (" + urls().get(3) + "): ")
        .hasMessageContaining("HTTP 422")
        .hasMessageContaining("policy-refused")
        .hasMessageContaining("policy control-plane refuses sim evidence");
  }

  /**
   * Holder 5 (failing the holder policy) is removed from the holder set with {@code dooor keyshare
   * holders rm} under {@code holder_set=2}: pending after the first controller, applied by the
   * second's {@code dooor proposal approve}, and a restarted control plane asks the changed set
   * (the change is read back from the applied proposal in the database). A fresh database on the
   * same data folder (same key and control-plane identity) after the tests above.
   */
  @Test
  @Order(4)
  void twoControllersRemoveAHolderAndARestartKeepsTheChangedSet() throws Exception {
    try (var files = Files.list(data)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("dooor.db")).toList()) {
        Files.delete(f);
      }
    }
    Path alice = dir.resolve("alice.pem");
    Path bob = dir.resolve("bob.pem");
    String a = CliRun.of("identity", "new", "--out", alice.toString()).out().trim();
    String b = CliRun.of("identity", "new", "--out", bob.toString()).out().trim();
    Map<Integer, URI> holders = urls();
    holders.remove(3); // serves only a production control plane since the test above
    DeploymentConfig config =
        DeploymentConfig.embedded(data, 0)
            .withKeyShareHolders(
                new HolderAddresses(holders)
                    .attested(
                        new HolderAddresses.Attestation(
                            policyOf(holderPolicy), Duration.ofSeconds(2))),
                TIMEOUT);
    io.dooor.core.proposal.ProposalRules rules =
        io.dooor.core.proposal.ProposalRules.parse(
            List.of("holder_set=2"), io.dooor.core.proposal.ProposalRules.DEFAULT_TTL);
    try (Deployment d = Deployment.start(config, io.dooor.server.AuditWitnesses.none(), rules)) {
      d.plane().init(io.dooor.core.Principal.parse(a));
      String url = "http://127.0.0.1:" + d.port();
      assertThat(cli(url, alice, "principal", "grant", b, "controller").exit()).isZero();
      assertThat(cli(url, bob, "keyshare", "holders", "ls").out())
          .contains("  1  " + holders.get(1))
          .contains("  5  " + holders.get(5) + "  excluded: ");

      CliRun proposed = cli(url, alice, "keyshare", "holders", "rm", "5");
      assertThat(proposed.exit()).as(proposed.err()).isZero();
      assertThat(proposed.out()).contains("(holder_set) pending: 1 of 2 approvals");
      Matcher m = Pattern.compile("proposal ([0-9a-f]{32}) ").matcher(proposed.out());
      assertThat(m.find()).isTrue();
      assertThat(cli(url, bob, "keyshare", "holders", "ls").out()).contains("  5  ");

      CliRun approved = cli(url, bob, "proposal", "approve", m.group(1));
      assertThat(approved.exit()).as(approved.err()).isZero();
      assertThat(approved.out()).contains("op remove").contains("(holder_set) applied");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (cli(url, bob, "keyshare", "holders", "ls").out().contains("  5  ")
          && System.nanoTime() < until) {
        Thread.sleep(200);
      }
      assertThat(cli(url, bob, "keyshare", "holders", "ls").out()).doesNotContain("  5  ");
      assertThat(events(d, "proposal.apply", "proposal:" + m.group(1)).get(0).details())
          .containsEntry("holder_change", "remove key-share holder 5")
          .containsEntry("approvers", a + "," + b);
    }
    try (Deployment d = Deployment.start(config, io.dooor.server.AuditWitnesses.none(), rules)) {
      String url = "http://127.0.0.1:" + d.port();
      CliRun ls = cli(url, alice, "keyshare", "holders", "ls");
      assertThat(ls.out()).contains("  1  ").contains("  4  ").doesNotContain("  5  ");
    }
  }

  private static CliRun cli(String url, Path identity, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--identity", identity.toString()));
    return CliRun.of(all);
  }

  /**
   * A role holder derives the key of its own principal (every holder is asked); returns the
   * derivation's recorded holders ("combined=... excluded=...").
   */
  private static String derive(Deployment d, ApiClient admin, Identity controller)
      throws Exception {
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
    assertThat(res.statusCode()).as(new String(res.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    List<Event> all = d.plane().store().events(0, d.plane().store().eventCount());
    for (int i = all.size() - 1; i >= 0; i--) {
      Map<String, String> details = all.get(i).details();
      if (details.containsKey("holders_combined")) {
        return "combined="
            + details.get("holders_combined")
            + " excluded="
            + details.getOrDefault("holders_excluded", "");
      }
    }
    throw new AssertionError("no derivation recorded");
  }

  private io.dooor.core.Policy policyOf(Path file) {
    return PolicyFiles.read(
        new picocli.CommandLine(new KeyShareCommand.Start()).getCommandSpec(),
        "--holder-policy",
        file.toString(),
        "keyshare-holders");
  }

  private Map<Integer, URI> urls() {
    Map<Integer, URI> out = new TreeMap<>();
    ports.forEach((i, p) -> out.put(i, URI.create("http://127.0.0.1:" + p)));
    return out;
  }

  private Path policy(String name, String measurement, long ttl) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        "{\"allowed_tee_types\":[\"sim\"],\"reference_values\":{\"MEASUREMENT\":[\""
            + measurement
            + "\"]},\"accepted_tcb_statuses\":[\"NotApplicable\"],\"attestation_ttl_seconds\":"
            + ttl
            + "}",
        StandardCharsets.UTF_8);
    return file;
  }

  private Path log(int index) {
    return dir.resolve("holder-" + index + ".log");
  }

  private Process startHolder(int index, int port, String measurement, String cp) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "keyshare",
                "start",
                "--share",
                dir.resolve("share-" + index + ".sealed").toString(),
                "--sealing-key",
                "file:" + dir.resolve("holder-" + index + ".key"),
                "--control-plane",
                ControlPlaneIdentity.loadOrCreate(data).principal().toText(),
                "--port",
                Integer.toString(port),
                "--sim-tee",
                data.resolve("sim-root.der").toString(),
                "--control-plane-policy",
                cp));
    if (measurement != null) {
      args.addAll(List.of("--sim-measurement", measurement));
    }
    Files.deleteIfExists(log(index)); // a restarted holder's log starts afresh
    return ServerProcesses.dooor(args, log(index));
  }

  private static int awaitPort(Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Matcher m = LISTENING.matcher(text);
      int port = -1;
      while (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
      if (port > 0) {
        return port;
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "holder did not start: " + Files.readString(log, StandardCharsets.UTF_8));
  }

  private static List<Event> events(Deployment d, String action, String subject) {
    return d.plane().store().events(0, d.plane().store().eventCount()).stream()
        .filter(e -> e.action().equals(action) && e.subject().equals(subject))
        .toList();
  }

  /** Waits (bounded) until {@code action} on {@code subject} was recorded with {@code reason}. */
  private static Event awaitReason(Deployment d, String action, String subject, String reason)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (Event e : events(d, action, subject)) {
        if (e.reason() != null && e.reason().contains(reason)) {
          return e;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(action + " on " + subject + " never recorded with " + reason);
  }

  /** Waits (bounded) until {@code action} on {@code subject} was recorded {@code count} times. */
  private static List<Event> await(Deployment d, String action, String subject, int count)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<Event> found = List.of();
    while (System.nanoTime() < deadline) {
      found =
          d.plane().store().events(0, d.plane().store().eventCount()).stream()
              .filter(e -> e.action().equals(action) && e.subject().equals(subject))
              .toList();
      if (found.size() >= count) {
        return found;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        action + " on " + subject + " recorded " + found.size() + " times, not " + count);
  }
}

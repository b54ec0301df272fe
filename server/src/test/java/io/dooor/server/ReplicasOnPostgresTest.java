package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.audit.AuditException;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Event;
import io.dooor.core.Lease;
import io.dooor.core.NodeId;
import io.dooor.core.NodeKey;
import io.dooor.core.NodeState;
import io.dooor.core.Registration;
import io.dooor.core.ReportDataBinding;
import io.dooor.core.TeeType;
import io.dooor.store.audit.JdbcAuditLog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two control-plane replicas ({@link Deployment}s with their own data folders) on one real
 * PostgreSQL (issue 15): one deployment identity read from the database (the second replica never
 * makes its own, and one whose local file disagrees refuses naming it), the same derived keys, a
 * signed request replayed to the other replica refused, a challenge consumed exactly once, and each
 * background duty held by exactly one replica, whose stale fencing token writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasOnPostgresTest {
  private EmbeddedPostgres pg;
  private int databases;
  @TempDir Path dir;
  private String url;
  private final List<Deployment> running = new ArrayList<>();

  @BeforeAll
  void startPostgres() throws Exception {
    pg = EmbeddedPostgres.start();
  }

  @AfterAll
  void stopPostgres() throws Exception {
    pg.close();
  }

  @BeforeEach
  void freshDatabase() throws Exception {
    String name = "replicas" + (++databases);
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    url = pg.getJdbcUrl("postgres", name);
  }

  @AfterEach
  void stopReplicas() {
    running.forEach(Deployment::close);
    running.clear();
  }

  private DeploymentConfig config(Path data) {
    return new DeploymentConfig(
            data,
            url,
            "postgres",
            "",
            "127.0.0.1",
            0,
            true,
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            null,
            List.of())
        .withTimers(Duration.ofSeconds(30), Duration.ofSeconds(1));
  }

  private Deployment start(Path data) {
    Deployment d = Deployment.start(config(data));
    running.add(d);
    return d;
  }

  /**
   * A second replica's data folder: the embedded key shares and their sealing key (in production
   * the holders are separate processes and the sealing key comes from DOOOR_SEALING_KEY), and the
   * development sim root; no identity file.
   */
  private Path replicaFolder(Path first, String name) throws Exception {
    Path data = Files.createDirectories(dir.resolve(name));
    copyTree(first.resolve("keyshares"), data.resolve("keyshares"));
    Files.copy(first.resolve("sim-root.der"), data.resolve("sim-root.der"));
    Files.copy(first.resolve("sim-root.der.pub"), data.resolve("sim-root.der.pub"));
    return data;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  @Test
  void theSecondReplicaJoinsTheIdentityInTheDatabaseAndDerivesTheSameKeys() throws Exception {
    Path a = dir.resolve("a");
    Deployment first = start(a);
    Path b = replicaFolder(a, "b");
    Deployment second = start(b);
    assertThat(second.auditVerifierKey()).isEqualTo(first.auditVerifierKey());
    for (String f : List.of("deployment-id", "audit-signer.key", "control-plane.pem")) {
      assertThat(b.resolve(f)).as("no identity file of its own").doesNotExist();
      assertThat(a.resolve(f)).doesNotExist();
    }
    Identity controller = Identity.generate();
    first.plane().init(controller.principal());
    Dto.VetKdPublicKey one = publicKey(first, controller);
    Dto.VetKdPublicKey two = publicKey(second, controller);
    assertThat(two).isEqualTo(one);
    assertThat(first.plane().store().events(0, first.plane().store().eventCount()))
        .extracting(Event::action)
        .containsOnlyOnce(DeploymentIdentity.CREATED);
  }

  @Test
  void aReplicaServesItsDatabasePoolAndJettyMetersInAParsableScrape() throws Exception {
    PromTextParser.assumeAvailable();
    Deployment d = start(dir.resolve("metered"));
    Identity controller = Identity.generate();
    d.plane().init(controller.principal());
    publicKey(d, controller);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Double> m = PromTextParser.parse(r.body());
    assertThat(m.get("hikaricp_connections_max{pool=dooor-store}")).isEqualTo(10.0);
    assertThat(m.get("hikaricp_connections{pool=dooor-store}")).isPositive();
    assertThat(m)
        .containsKeys(
            "hikaricp_connections_active{pool=dooor-store}",
            "hikaricp_connections_pending{pool=dooor-store}",
            "hikaricp_connections_timeout_total{pool=dooor-store}");
    assertThat(m.get("hikaricp_connections_acquire_seconds{pool=dooor-store}"))
        .as("connections handed out, counted")
        .isPositive();
    assertThat(m.get("jetty_threads_config_max{}")).isPositive();
  }

  private static Dto.VetKdPublicKey publicKey(Deployment d, Identity caller) throws Exception {
    return new ApiClient(URI.create("http://127.0.0.1:" + d.port()), caller)
        .get("/v1/vetkd/public-key?context=app%2Fnotes", Dto.VetKdPublicKey.class);
  }

  @Test
  void aReplicaWhoseLocalIdentityFileDisagreesRefusesToStartNamingTheFile() throws Exception {
    Path a = dir.resolve("a");
    start(a);
    Path wrongId = replicaFolder(a, "wrong-id");
    Files.writeString(
        wrongId.resolve("deployment-id"), KeyServices.newDeploymentId().toText() + "\n");
    assertThatThrownBy(() -> start(wrongId))
        .hasMessageContaining(wrongId.resolve("deployment-id").toString())
        .hasMessageContaining("disagrees with the deployment identity in the database");

    Path fresh = Files.createDirectories(dir.resolve("fresh"));
    assertThatThrownBy(() -> start(fresh))
        .as("without the deployment's sealing key the identity cannot be unsealed")
        .hasMessageContaining(fresh.resolve("keyshares").resolve("sealing.key").toString());

    Path otherShares = Files.createDirectories(dir.resolve("other-shares").resolve("keyshares"));
    Files.copy(a.resolve("keyshares").resolve("sealing.key"), otherShares.resolve("sealing.key"));
    assertThatThrownBy(() -> start(otherShares.getParent()))
        .as("an embedded folder without the shares makes another sharing: refused, never joined")
        .hasMessageContaining("public-key.hex");

    Path otherSigner = replicaFolder(a, "other-signer");
    Files.writeString(
        otherSigner.resolve("audit-signer.key"),
        io.dooor.audit.CheckpointSigner.generate("dooor.dev/log/x").privateKeyString() + "\n");
    assertThatThrownBy(() -> start(otherSigner)).hasMessageContaining("audit-signer.key");
  }

  @Test
  void aSignedRequestServedByOneReplicaIsRefusedAsAReplayByTheOther() throws Exception {
    Path a = dir.resolve("a");
    Deployment first = start(a);
    Deployment second = start(replicaFolder(a, "b"));
    Identity controller = Identity.generate();
    first.plane().init(controller.principal());
    URI one = URI.create("http://127.0.0.1:" + first.port() + "/v1/principals");
    URI two = URI.create("http://127.0.0.1:" + second.port() + "/v1/principals");
    Map<String, String> headers = new RequestSigner(controller).sign("GET", one, Bytes.empty());
    assertThat(send(one, headers).statusCode()).isEqualTo(200);
    HttpResponse<String> replayed = send(two, headers);
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(replayed.body()).contains("replay");
    assertThat(send(one, headers).statusCode()).as("and at the first").isEqualTo(401);
  }

  private static HttpResponse<String> send(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET();
    headers.forEach(req::header);
    return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aChallengeIsConsumedExactlyOnceAcrossReplicas() throws Exception {
    Path a = dir.resolve("a");
    Deployment first = start(a);
    Deployment second = start(replicaFolder(a, "b"));
    Identity controller = Identity.generate();
    first.plane().init(controller.principal());
    Caller admin = new Caller(controller.principal(), controller.publicKeySpki(), Bytes.empty());
    first
        .plane()
        .setPolicy(
            admin,
            new io.dooor.core.PolicySpec(
                "w",
                java.util.Set.of(TeeType.SIM),
                Map.of(),
                Map.of(),
                java.util.Set.of("NotApplicable"),
                false,
                Duration.ofMinutes(10),
                Duration.ofMinutes(1)));
    Identity key = Identity.generate();
    Caller node = new Caller(key.principal(), key.publicKeySpki(), Bytes.empty());
    NodeId id = NodeId.of("n1");
    NodeKey nodeKey = new NodeKey(key.publicKeySpki());
    Registration reg =
        first
            .plane()
            .registerTeeNode(
                node, id, "w", TeeType.SIM, nodeKey, sim(first, key, Bytes.of(new byte[32])));
    Bytes evidence = sim(first, key, reg.challenge().nonce());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> both = new ArrayList<>();
      for (Deployment d : List.of(first, second)) {
        Callable<String> attempt =
            () -> {
              try {
                return d.plane().verifyAttestation(node, id, evidence).state().name();
              } catch (ControlPlaneException e) {
                return e.reason().name();
              }
            };
        both.add(pool.submit(attempt));
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : both) {
        outcomes.add(f.get());
      }
      assertThat(outcomes).containsExactlyInAnyOrder("ACTIVE", "CHALLENGE_MISSING");
    } finally {
      pool.shutdownNow();
    }
    assertThat(second.plane().store().node(id).orElseThrow().state()).isEqualTo(NodeState.ACTIVE);
  }

  private static Bytes sim(Deployment d, Identity node, Bytes nonce) {
    return d.simTee()
        .orElseThrow()
        .report(
            ReportDataBinding.expected(nonce, node.publicKeySpki()),
            Bytes.of(new byte[48]),
            Bytes.of(new byte[16]),
            false)
        .encode();
  }

  @Test
  void eachDutyIsHeldByOneReplicaAndPassesOnWhenItsHolderStops() throws Exception {
    Path a = dir.resolve("a");
    Deployment first = start(a);
    Deployment second = start(replicaFolder(a, "b"));
    List<String> names =
        List.of(first.replicaName().orElseThrow(), second.replicaName().orElseThrow());
    Map<String, Lease> held = awaitLeases(first, names, null);
    assertThat(held.keySet()).containsExactlyInAnyOrder("sweep", "audit");
    Lease audit = held.get("audit");
    Deployment holder = audit.holder().equals(names.get(0)) ? first : second;
    Deployment other = holder == first ? second : first;
    running.remove(holder);
    holder.close();
    Instant stopped = Instant.now();
    Map<String, Lease> after = awaitLeases(other, List.of(other.replicaName().orElseThrow()), null);
    assertThat(after.get("audit").holder()).isEqualTo(other.replicaName().orElseThrow());
    assertThat(after.get("audit").token()).isGreaterThan(audit.token());
    assertThat(Duration.between(stopped, Instant.now()))
        .as("handed over within the lease time and a round")
        .isLessThan(ReplicaDuties.ttlFor(Duration.ofSeconds(1)).plusSeconds(3));
    // the new holder signs checkpoints of the one lineage
    AuditVerifier v = AuditVerifier.of(other.auditVerifierKey());
    VerifiedCheckpoint cp = v.verifyCheckpoint(other.publishCheckpoint());
    assertThat(cp.size()).isPositive();
    assertThat(other.plane().store().events(0, cp.size()))
        .extracting(Event::action)
        .contains("lease.take");
  }

  @Test
  void oneCheckpointLineageAcrossTheAuditDutysHandoverVerifiedByGosTlog() throws Exception {
    Path a = dir.resolve("a");
    Deployment first = start(a);
    Deployment second = start(replicaFolder(a, "b"));
    Identity controller = Identity.generate();
    first.plane().init(controller.principal());
    List<String> names =
        List.of(first.replicaName().orElseThrow(), second.replicaName().orElseThrow());
    Lease audit = awaitLeases(first, names, null).get("audit");
    Deployment holder = audit.holder().equals(names.get(0)) ? first : second;
    Deployment other = holder == first ? second : first;
    AuditVerifier v = AuditVerifier.of(first.auditVerifierKey());
    VerifiedCheckpoint old = v.verifyCheckpoint(holder.publishCheckpoint());
    running.remove(holder);
    holder.close();
    ApiClient admin = new ApiClient(URI.create("http://127.0.0.1:" + other.port()), controller);
    for (int i = 0; i < 5; i++) {
      admin.put(
          "/v1/policies/w" + i,
          new Dto.PolicyBody(
              List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L),
          Dto.PolicyView.class);
    }
    awaitLeases(other, List.of(other.replicaName().orElseThrow()), null);
    VerifiedCheckpoint now = v.verifyCheckpoint(other.publishCheckpoint());
    assertThat(now.size()).isGreaterThan(old.size());
    new GoTlog(admin, dir.resolve("go"))
        .verify(old, now, other.auditVerifierKey(), 0, old.size() - 1, now.size() - 1);
  }

  /** Waits until every duty is held, unexpired, by one of {@code holders}; returns them. */
  private static Map<String, Lease> awaitLeases(Deployment d, List<String> holders, Object unused)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Map<String, Lease> held = new java.util.TreeMap<>();
      for (Lease l : d.plane().store().leases()) {
        if (holders.contains(l.holder()) && l.heldAt(Instant.now())) {
          held.put(l.duty(), l);
        }
      }
      if (held.size() == 2 || System.nanoTime() > deadline) {
        return held;
      }
      Thread.sleep(100);
    }
  }

  @Test
  void aPausedReplicaThatLostItsLeaseWritesNothing() throws Exception {
    TestPlane.MutableClock clock =
        new TestPlane.MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    io.dooor.attestation.sim.SimTee tee = io.dooor.attestation.sim.SimTee.generate(clock);
    try (io.dooor.store.JdbcStore store = io.dooor.store.JdbcStore.postgres(url, "postgres", "")) {
      io.dooor.core.ControlPlane plane =
          new io.dooor.core.ControlPlane(
              store,
              new io.dooor.attestation.AttestationVerifier(
                  List.of(
                      new io.dooor.attestation.sim.SimEvidenceVerifier(
                          tee.rootPublicKey(), Duration.ofMinutes(5)))),
              io.dooor.core.port.KeyService.unavailable("none in this test"),
              clock,
              Duration.ofHours(1));
      NodeId id = activeNode(plane, tee);
      clock.advance(Duration.ofMinutes(11)); // the node's attestation expired: the sweep is due
      Duration ttl = Duration.ofSeconds(10);
      Lease paused = plane.acquireLease("sweep", "paused-replica", ttl).orElseThrow();
      clock.advance(Duration.ofSeconds(11)); // paused (SIGSTOP) past its lease
      Lease taken = plane.acquireLease("sweep", "awake-replica", ttl).orElseThrow();
      assertThat(taken.token()).isEqualTo(paused.token() + 1);
      long events = store.eventCount();
      // the paused replica wakes and sweeps with its stale token: refused, nothing written
      assertThatThrownBy(() -> plane.sweep(paused))
          .isInstanceOf(ControlPlaneException.class)
          .hasMessageContaining("lease-lost")
          .hasMessageContaining("fencing token " + paused.token());
      assertThat(store.node(id).orElseThrow().state()).isEqualTo(NodeState.ACTIVE);
      assertThat(store.eventCount()).isEqualTo(events);
      // its audit writes are fenced the same way
      JdbcAuditLog fenced = new JdbcAuditLog(store.dataSource()).fencedBy(fence(paused, clock));
      assertThatThrownBy(() -> fenced.saveCheckpoint(1_000_000, "forged"))
          .isInstanceOf(AuditException.class)
          .hasMessageContaining("lease-lost");
      assertThat(new JdbcAuditLog(store.dataSource()).latestCheckpoint()).isEmpty();
      // the new holder's sweep goes through
      assertThat(plane.sweep(taken)).extracting(n -> n.state()).containsExactly(NodeState.STALE);
    }
  }

  private static JdbcAuditLog.Fence fence(Lease lease, java.time.Clock clock) {
    return new JdbcAuditLog.Fence() {
      @Override
      public Optional<Lease> lease() {
        return Optional.of(lease);
      }

      @Override
      public Instant now() {
        return clock.instant();
      }
    };
  }

  private static NodeId activeNode(
      io.dooor.core.ControlPlane plane, io.dooor.attestation.sim.SimTee tee) throws Exception {
    Identity controller = Identity.generate();
    plane.init(controller.principal());
    Caller admin = new Caller(controller.principal(), controller.publicKeySpki(), Bytes.empty());
    plane.setPolicy(
        admin,
        new io.dooor.core.PolicySpec(
            "w",
            java.util.Set.of(TeeType.SIM),
            Map.of(),
            Map.of(),
            java.util.Set.of("NotApplicable"),
            false,
            Duration.ofMinutes(10),
            Duration.ofMinutes(1)));
    Identity key = Identity.generate();
    Caller node = new Caller(key.principal(), key.publicKeySpki(), Bytes.empty());
    NodeId id = NodeId.of("n1");
    Registration reg =
        plane.registerTeeNode(
            node,
            id,
            "w",
            TeeType.SIM,
            new NodeKey(key.publicKeySpki()),
            report(tee, key, Bytes.of(new byte[32])));
    plane.verifyAttestation(node, id, report(tee, key, reg.challenge().nonce()));
    return id;
  }

  private static Bytes report(io.dooor.attestation.sim.SimTee tee, Identity node, Bytes nonce) {
    return tee.report(
            ReportDataBinding.expected(nonce, node.publicKeySpki()),
            Bytes.of(new byte[48]),
            Bytes.of(new byte[16]),
            false)
        .encode();
  }
}

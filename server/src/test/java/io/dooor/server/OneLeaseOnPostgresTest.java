package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.Blob;
import io.dooor.core.BlobManifest;
import io.dooor.core.BlobShard;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Event;
import io.dooor.core.Lease;
import io.dooor.core.NodeId;
import io.dooor.core.PolicySpec;
import io.dooor.core.TeeType;
import io.dooor.core.port.KeyService;
import io.dooor.core.provision.Machine;
import io.dooor.provision.JoinTokens;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderCatalog;
import io.dooor.provision.Reconciler;
import io.dooor.provision.SimulatedProvider;
import io.dooor.provision.WorkloadSpecParser;
import io.dooor.provision.Workloads;
import io.dooor.store.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one lease implementation ({@link Lease}, fencing tokens checked in the writing transaction)
 * across two replicas, each with its own connection pool, on one real PostgreSQL: the reconciler's
 * per-workload lease and the shard repair's per-blob lease have one holder, pass to the other
 * replica after expiry with the next token, and a holder paused past its lease writes nothing.
 */
class OneLeaseOnPostgresTest {
  private static final String MEASUREMENT = "d0".repeat(48);

  private final TestPlane.MutableClock clock =
      new TestPlane.MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private final SimulatedProvider cloud =
      new SimulatedProvider("local", Set.of("local"), Set.of(TeeType.SIM));
  private EmbeddedPostgres server;
  private Replica a;
  private Replica b;
  private Caller controller;

  /** One control-plane replica: its own store (pool) on the shared database, its own plane. */
  private final class Replica implements AutoCloseable {
    final JdbcStore store;
    final ControlPlane plane;
    final Workloads workloads;
    final JoinTokens tokens;

    Replica(String url) {
      store = JdbcStore.postgres(url, "postgres", "");
      plane =
          new ControlPlane(
              store,
              new AttestationVerifier(List.of()),
              KeyService.unavailable("none in this test"),
              clock,
              Duration.ofSeconds(30));
      workloads = new Workloads(store, new WorkloadSpecParser(ProviderCatalog.of(cloud)), clock);
      tokens = new JoinTokens(store, clock, Duration.ofMinutes(30));
    }

    Reconciler reconciler(String name, Provider provider) {
      return new Reconciler(
          store,
          plane,
          workloads,
          ProviderCatalog.of(provider),
          tokens,
          name,
          "http://127.0.0.1:1",
          clock);
    }

    @Override
    public void close() {
      store.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = EmbeddedPostgres.start();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE leases");
    }
    String url = server.getJdbcUrl("postgres", "leases");
    a = new Replica(url);
    b = new Replica(url);
    Identity admin = Identity.generate();
    controller = new Caller(admin.principal(), admin.publicKeySpki(), Bytes.empty());
    a.plane.init(admin.principal());
    a.plane.setPolicy(
        controller,
        new PolicySpec(
            "demo",
            Set.of(TeeType.SIM),
            Map.of("MEASUREMENT", Set.of(MEASUREMENT)),
            Map.of(),
            Set.of("NotApplicable"),
            false,
            Duration.ofMinutes(10),
            Duration.ofMinutes(1)));
  }

  @AfterEach
  void stop() throws Exception {
    a.close();
    b.close();
    server.close();
  }

  private void apply(int count) throws Exception {
    String json =
        "{\"spec_version\":1,\"name\":\"demo\",\"tee_type\":\"sim\",\"image\":{\"ref\":"
            + "\"ghcr.io/dooor/app:1\",\"digest\":\"sha256:"
            + "ab".repeat(32)
            + "\"},\"measurements\":{\"MEASUREMENT\":\""
            + MEASUREMENT
            + "\"},\"count\":"
            + count
            + ",\"placement\":[{\"provider\":\"local\",\"region\":\"local\"}],"
            + "\"shape\":{\"vcpus\":2,\"memory_mib\":2048}}";
    a.workloads.apply(controller, json.getBytes(StandardCharsets.UTF_8));
  }

  private Lease lease(Replica r, String duty) {
    return r.store.leases().stream().filter(l -> l.duty().equals(duty)).findFirst().orElseThrow();
  }

  private List<Event> events(String action) {
    return a.store.events(0, Long.MAX_VALUE).stream()
        .filter(e -> e.action().equals(action))
        .toList();
  }

  @Test
  void oneReconcilerHoldsAWorkloadItPassesOnAfterExpiryAndAPausedHolderWritesNothing()
      throws Exception {
    apply(1);
    // replica-a is paused (GC, SIGSTOP) inside its create call, past its lease; replica-b takes
    // the workload over and finishes the machine; replica-a then wakes with a stale token.
    Reconciler[] other = new Reconciler[1];
    boolean[] tookOver = new boolean[1];
    Provider pausing =
        new Provider() {
          @Override
          public String name() {
            return cloud.name();
          }

          @Override
          public Set<String> regions() {
            return cloud.regions();
          }

          @Override
          public Set<TeeType> teeTypes() {
            return cloud.teeTypes();
          }

          @Override
          public Answer create(MachineRequest request) {
            Answer answer = cloud.create(request);
            assertThat(other[0].reconcile("demo")).as("lease held by replica-a").isFalse();
            clock.advance(Reconciler.LEASE_TTL.plusSeconds(1));
            tookOver[0] = other[0].reconcile("demo");
            return answer;
          }

          @Override
          public Answer terminate(String region, String ref) {
            return cloud.terminate(region, ref);
          }
        };
    Reconciler replicaA = a.reconciler("replica-a", pausing);
    other[0] = b.reconciler("replica-b", cloud);

    assertThat(replicaA.reconcile("demo")).as("replica-a's pass is fenced off").isFalse();
    assertThat(tookOver[0]).isTrue();
    Lease held = lease(b, Reconciler.duty("demo"));
    assertThat(held.holder()).isEqualTo("replica-b");
    assertThat(held.token()).isEqualTo(2);
    assertThat(cloud.running()).hasSize(1);
    List<Machine> machines = b.store.inTransaction(tx -> tx.machines("demo"));
    assertThat(machines).singleElement().satisfies(m -> assertThat(m.providerRef()).isNotEmpty());
    assertThat(events("provider.create"))
        .as("only replica-b's create call is recorded: replica-a's answer was refused")
        .hasSize(1);
    assertThat(events("lease.take"))
        .extracting(e -> e.details().get("holder"))
        .containsExactly("replica-a", "replica-b");
    assertThat(replicaA.reconcile("demo")).isFalse();
  }

  @Test
  void oneReplicaRepairsABlobItPassesOnAfterExpiryAndAStaleTokenIsRefused() throws Exception {
    Blob blob = blob();
    a.store.inTransaction(
        tx -> {
          tx.putBlob(blob);
          return null;
        });
    Lease first = a.plane.leaseBlob("replica-a", blob.id(), Duration.ofSeconds(30));
    ControlPlaneException busy = refused(() -> b.plane.leaseBlob("replica-b", blob.id(), ttl()));
    assertThat(busy.reason()).isEqualTo(ControlPlaneException.Reason.CONFLICT);
    assertThat(busy.getMessage()).contains("leased to replica-a");
    assertThat(a.plane.leaseBlob("replica-a", blob.id(), ttl()).token()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(31));
    Lease second = b.plane.leaseBlob("replica-b", blob.id(), ttl());
    assertThat(second.token()).isEqualTo(first.token() + 1);
    assertThat(lease(a, "repair:" + blob.id())).isEqualTo(second);

    ControlPlaneException stale =
        refused(() -> a.plane.repaired(first, manifest(blob), 0, NodeId.of("n9"), 1));
    assertThat(stale.reason()).isEqualTo(ControlPlaneException.Reason.CONFLICT);
    assertThat(stale.getMessage()).contains("stale");
    assertThat(b.store.blob(blob.id())).contains(blob);
    assertThat(events("blob.repaired")).isEmpty();
    assertThat(events("blob.lease_taken"))
        .extracting(e -> e.details().get("holder"))
        .containsExactly("replica-a", "replica-b");
  }

  private static Duration ttl() {
    return Duration.ofSeconds(30);
  }

  @FunctionalInterface
  private interface Call {
    Object run() throws Exception;
  }

  private static ControlPlaneException refused(Call call) throws Exception {
    try {
      call.run();
    } catch (ControlPlaneException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }

  private Blob blob() {
    Bytes manifest = Bytes.of("manifest".getBytes(StandardCharsets.UTF_8));
    return new Blob(
        "0123456789abcdef0123456789abcdef",
        Blob.State.COMPLETE,
        manifest,
        Digests.sha256(manifest.toArray()),
        0,
        1,
        10,
        List.of(
            new BlobShard(
                0, Digests.sha256(new byte[] {0}), NodeId.of("n1"), BlobShard.State.STORED)),
        List.of(NodeId.of("n1")),
        List.of(),
        controller.principal(),
        clock.instant());
  }

  private static BlobManifest manifest(Blob blob) {
    Bytes bytes = Bytes.of("moved".getBytes(StandardCharsets.UTF_8));
    return new BlobManifest(
        blob.id(),
        bytes,
        Digests.sha256(bytes.toArray()),
        0,
        1,
        10,
        List.of(
            new BlobShard(
                0, blob.shards().get(0).sha256(), NodeId.of("n9"), BlobShard.State.PENDING)),
        blob.targets(),
        List.of());
  }
}

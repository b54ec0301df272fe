package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.Lease;
import io.dooor.store.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of issue 15: three {@code dooor server start} replica PROCESSES on one real
 * PostgreSQL, each with its own data folder, behind a client that spreads requests across them. The
 * deployment identity is made once by {@code dooor init --db-url}; the replicas share it from the
 * database (no identity file in their folders). Key shares: the embedded holders, whose sealed
 * key-share folder (with its sealing key) each replica holds a copy of, as the holders cannot be
 * shared across processes otherwise; remote holder processes are the production shape and are
 * covered by {@code KeyShareProcessTest}. Checked: the same vetKey from every replica; one
 * checkpoint lineage (a checkpoint from one replica verified consistent with a later one from
 * another, and the log replayed); a signed request replayed to another replica refused; each
 * background duty held by exactly one replica, and handed over after kill -9 of its holder within
 * the lease time.
 */
class ReplicasProcessTest {
  /** --sweep-interval 1: leases of 3 s (ReplicaDuties.ttlFor). */
  private static final Duration LEASE = Duration.ofSeconds(3);

  @TempDir Path dir;

  private record Replica(Process process, URI url) {}

  @Test
  void threeReplicaProcessesOnOnePostgresAgreeAndHandOverTheirDuties() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      Path first = dir.resolve("r0");
      String auditKey = ReplicaFolders.init(first, url).auditKey();
      for (String f : List.of("deployment-id", "audit-signer.key", "control-plane.pem")) {
        assertThat(first.resolve(f)).as("the identity is in the database").doesNotExist();
      }
      List<Path> folders =
          List.of(
              first,
              ReplicaFolders.copy(first, dir.resolve("r1")),
              ReplicaFolders.copy(first, dir.resolve("r2")));
      List<Replica> replicas = new ArrayList<>();
      try {
        for (Path data : folders) {
          Path log = dir.resolve(data.getFileName() + ".log");
          Process p =
              ServerProcesses.start(
                  data,
                  log,
                  "--db-url",
                  url,
                  "--db-user",
                  "postgres",
                  "--db-password",
                  "",
                  "--sweep-interval",
                  "1");
          replicas.add(new Replica(p, null));
        }
        for (int i = 0; i < replicas.size(); i++) {
          Path log = dir.resolve(folders.get(i).getFileName() + ".log");
          replicas.set(
              i,
              new Replica(
                  replicas.get(i).process(),
                  ServerProcesses.awaitListening(replicas.get(i).process(), log)));
        }
        Path controller = first.resolve("controller.pem");
        sameVetKeyFromEveryReplica(replicas, controller);
        spreadRequestsAndCheckOneLineage(replicas, controller, auditKey);
        replayToAnotherReplicaIsRefused(replicas, Identity.load(controller));
        try (JdbcStore store = JdbcStore.postgres(url, "postgres", "")) {
          dutiesHeldByOneReplicaAndHandedOverAfterKill9(replicas, store);
        }
      } finally {
        replicas.forEach(r -> r.process().destroyForcibly());
        for (Replica r : replicas) {
          r.process().waitFor();
        }
      }
    }
  }

  private void sameVetKeyFromEveryReplica(List<Replica> replicas, Path controller)
      throws Exception {
    List<Bytes> keys = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) {
      Path out = dir.resolve("vetkey-" + i);
      CliRun derive =
          CliRun.of(
              "key",
              "derive",
              "--server",
              replicas.get(i).url().toString(),
              "--identity",
              controller.toString(),
              "--context",
              "app/notes",
              "--input-self",
              "--out",
              out.toString());
      assertThat(derive.exit()).as(derive.err()).isZero();
      keys.add(Bytes.of(Files.readAllBytes(out)));
    }
    assertThat(keys.get(1)).isEqualTo(keys.get(0));
    assertThat(keys.get(2)).isEqualTo(keys.get(0));
  }

  private void spreadRequestsAndCheckOneLineage(
      List<Replica> replicas, Path controller, String auditKey) throws Exception {
    Identity id = Identity.load(controller);
    Path saved = dir.resolve("old.cp");
    CliRun early =
        CliRun.of(
            "audit",
            "checkpoint",
            "--server",
            replicas.get(0).url().toString(),
            "--identity",
            controller.toString(),
            "--key",
            auditKey,
            "--out",
            saved.toString());
    assertThat(early.exit()).as(early.err()).isZero();
    for (int i = 0; i < 9; i++) {
      ApiClient client = new ApiClient(replicas.get(i % 3).url(), id);
      client.put(
          "/v1/policies/w" + i,
          new Dto.PolicyBody(
              List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L),
          Dto.PolicyView.class);
    }
    Thread.sleep(2500); // the audit duty's holder signs a checkpoint covering them (1 s rounds)
    for (Replica r : replicas) {
      CliRun verify =
          CliRun.of(
              "audit",
              "verify",
              "--server",
              r.url().toString(),
              "--identity",
              controller.toString(),
              "--key",
              auditKey,
              "--since",
              saved.toString());
      assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }
  }

  private void replayToAnotherReplicaIsRefused(List<Replica> replicas, Identity id)
      throws Exception {
    URI one = replicas.get(0).url().resolve("/v1/principals");
    URI two = replicas.get(1).url().resolve("/v1/principals");
    Map<String, String> headers = new RequestSigner(id).sign("GET", one, Bytes.empty());
    assertThat(send(one, headers).statusCode()).isEqualTo(200);
    HttpResponse<String> replayed = send(two, headers);
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(replayed.body()).contains("replay");
  }

  private static HttpResponse<String> send(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET();
    headers.forEach(req::header);
    return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void dutiesHeldByOneReplicaAndHandedOverAfterKill9(
      List<Replica> replicas, JdbcStore store) throws Exception {
    Map<Long, Replica> byPid = new HashMap<>();
    replicas.forEach(r -> byPid.put(r.process().pid(), r));
    Map<String, Lease> held = awaitHeld(store, byPid, List.of("sweep", "audit"));
    assertThat(held.keySet()).containsExactlyInAnyOrder("sweep", "audit");
    for (int round = 0; round < 3; round++) {
      Thread.sleep(1000);
      Map<String, Lease> now = awaitHeld(store, byPid, List.of("sweep", "audit"));
      assertThat(now.get("audit").token())
          .as("one holder while it lives: no flapping")
          .isEqualTo(held.get("audit").token());
    }
    Lease audit = held.get("audit");
    Replica holder = byPid.get(ChaosCluster.pid(audit));
    holder.process().destroyForcibly(); // kill -9
    holder.process().waitFor();
    Instant killed = Instant.now();
    byPid.remove(ChaosCluster.pid(audit));
    Lease next = awaitHeld(store, byPid, List.of("audit")).get("audit");
    Duration handover = Duration.between(killed, Instant.now());
    assertThat(next.token()).isGreaterThan(audit.token());
    assertThat(byPid).containsKey(ChaosCluster.pid(next));
    assertThat(handover).as("within the lease time and a round").isLessThan(LEASE.plusSeconds(3));
  }

  /** Waits (bounded) until each of {@code duties} is held, unexpired, by a live replica. */
  private static Map<String, Lease> awaitHeld(
      JdbcStore store, Map<Long, Replica> live, List<String> duties) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Map<String, Lease> held = new HashMap<>();
      for (Lease l : store.leases()) {
        if (duties.contains(l.duty())
            && l.heldAt(Instant.now())
            && live.containsKey(ChaosCluster.pid(l))) {
          held.put(l.duty(), l);
        }
      }
      if (held.size() == duties.size()) {
        return held;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("duties not held by live replicas: " + store.leases());
      }
      Thread.sleep(100);
    }
  }
}

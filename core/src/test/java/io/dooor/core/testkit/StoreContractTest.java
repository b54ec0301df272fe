package io.dooor.core.testkit;

import static io.dooor.core.testkit.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.core.Challenge;
import io.dooor.core.Event;
import io.dooor.core.Lease;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import io.dooor.core.port.Store;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour of the {@link Store} port, run against each implementation: in memory (core),
 * SQLite and PostgreSQL (store). Subclasses give each test a fresh, empty store; {@link #open} may
 * be called again for a second replica on the same data.
 */
public abstract class StoreContractTest {
  protected final MutableClock clock = new MutableClock(T0);
  protected Store store;

  /** Opens a store on this test's data (a new one per test; again = another replica). */
  protected abstract Store open(MutableClock clock);

  /** Checks, where the implementation can tell, that it holds exactly {@code events} events. */
  protected void assertEntries(long events) throws Exception {}

  @BeforeEach
  protected void openStore() {
    store = open(clock);
  }

  @AfterEach
  protected void closeStore() {
    store.close();
  }

  @Test
  void randomBlobsRoundTripThroughTheStore() {
    long seed = new java.util.Random().nextLong();
    java.util.Random r = new java.util.Random(seed);
    java.util.TreeMap<String, io.dooor.core.Blob> written = new java.util.TreeMap<>();
    for (int i = 0; i < 25; i++) {
      io.dooor.core.Blob b = BlobFixtures.random(r);
      store.inTransaction(
          tx -> {
            tx.putBlob(b);
            return null;
          });
      written.put(b.id(), b);
      assertThat(store.blob(b.id())).as("seed " + seed).contains(b);
    }
    assertThat(store.blobs()).as("seed " + seed).containsExactlyElementsOf(written.values());
  }

  @Test
  void blobChangesReplaceTheRowAndKeepEachManifestOnceInOrder() {
    java.util.Random r = new java.util.Random(7);
    io.dooor.core.Blob b = BlobFixtures.random(r);
    List<io.dooor.core.BlobShard> moved = new ArrayList<>(b.shards());
    moved.set(
        0,
        new io.dooor.core.BlobShard(
            0,
            moved.get(0).sha256(),
            NodeId.of("elsewhere"),
            io.dooor.core.BlobShard.State.STORED));
    io.dooor.core.Blob rewrapped =
        b.withManifest(BlobFixtures.bytes(r, 100), BlobFixtures.bytes(r, 32), b.epoch() + 1, moved);
    store.inTransaction(
        tx -> {
          tx.putBlob(b);
          tx.putBlob(b);
          return null;
        });
    store.inTransaction(
        tx -> {
          tx.putBlob(rewrapped);
          assertThat(tx.blob(b.id())).contains(rewrapped);
          return null;
        });
    assertThat(store.blob(b.id())).contains(rewrapped);
    assertThat(store.manifestHistory(b.id())).containsExactly(b.manifest(), rewrapped.manifest());
    assertThat(store.manifestHistory("ab".repeat(16))).isEmpty();
    assertThat(store.blob("ab".repeat(16))).isEmpty();
  }

  @Test
  void dataEpochStartsAtZeroAndRollsBackWithItsTransaction() {
    assertThat(store.dataEpoch()).isZero();
    store.inTransaction(
        tx -> {
          tx.putDataEpoch(3);
          assertThat(tx.dataEpoch()).isEqualTo(3);
          return null;
        });
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.putDataEpoch(4);
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(store.dataEpoch()).isEqualTo(3);
  }

  @Test
  void shardEndpointsRoundTripAndAreReplaced() {
    store.inTransaction(
        tx -> {
          tx.putNode(StoreFixtures.fullNode("n1"));
          tx.putShardEndpoint(NodeId.of("n1"), "http://127.0.0.1:7001");
          return null;
        });
    store.inTransaction(
        tx -> {
          tx.putShardEndpoint(NodeId.of("n1"), "https://n1.example:443");
          return null;
        });
    assertThat(store.shardEndpoint(NodeId.of("n1"))).contains("https://n1.example:443");
    assertThat(store.shardEndpoint(NodeId.of("n2"))).isEmpty();
  }

  @Test
  void repairJobsRoundTripOrderedAndReplaced() {
    java.util.Random r = new java.util.Random(11);
    io.dooor.core.Blob b = BlobFixtures.random(r);
    io.dooor.core.RepairJob second =
        new io.dooor.core.RepairJob(
            b.id(),
            2,
            NodeId.of("n2"),
            Optional.empty(),
            io.dooor.core.RepairJob.State.PENDING,
            0,
            "",
            T0);
    io.dooor.core.RepairJob first =
        new io.dooor.core.RepairJob(
            b.id(),
            1,
            NodeId.of("n1"),
            Optional.of(NodeId.of("n9")),
            io.dooor.core.RepairJob.State.FAILED,
            12345,
            "agent n9 refused: 403",
            T0.plusNanos(5));
    io.dooor.core.RepairJob done =
        new io.dooor.core.RepairJob(
            b.id(),
            2,
            NodeId.of("n2"),
            Optional.of(NodeId.of("n8")),
            io.dooor.core.RepairJob.State.DONE,
            1L << 40,
            "",
            T0.plusSeconds(9));
    store.inTransaction(
        tx -> {
          tx.putBlob(b);
          tx.putRepairJob(second);
          tx.putRepairJob(first);
          return null;
        });
    assertThat(store.repairJobs()).containsExactly(first, second);
    store.inTransaction(
        tx -> {
          tx.putRepairJob(done);
          return null;
        });
    assertThat(store.repairJobs()).containsExactly(first, done);
  }

  @Test
  void emptyStoreHasNothing() {
    assertThat(store.nodes()).isEmpty();
    assertThat(store.policies()).isEmpty();
    assertThat(store.principals()).isEmpty();
    assertThat(store.eventCount()).isZero();
    assertThat(store.events(0, 100)).isEmpty();
    assertThat(store.node(NodeId.of("n1"))).isEmpty();
    assertThat(store.policy("w")).isEmpty();
  }

  @Test
  void nodeRoundTripsEveryField() {
    Node full = StoreFixtures.fullNode("n1");
    Node pending = StoreFixtures.pendingNode("n2");
    store.inTransaction(
        tx -> {
          tx.putNode(full);
          tx.putNode(pending);
          assertThat(tx.node(full.id())).contains(full);
          return null;
        });
    assertThat(store.node(full.id())).contains(full);
    assertThat(store.node(pending.id())).contains(pending);
    assertThat(store.nodes()).containsExactly(full, pending);
  }

  @Test
  void putNodeReplacesAndNodesAreOrderedById() {
    Node n = StoreFixtures.fullNode("b");
    Node changed = StoreFixtures.deactivated(n).heartbeat(T0.plusSeconds(9));
    store.inTransaction(
        tx -> {
          tx.putNode(n);
          tx.putNode(StoreFixtures.pendingNode("c"));
          tx.putNode(StoreFixtures.pendingNode("a"));
          return null;
        });
    store.inTransaction(
        tx -> {
          tx.putNode(changed);
          return null;
        });
    assertThat(store.node(n.id())).contains(changed);
    assertThat(store.nodes()).extracting(x -> x.id().value()).containsExactly("a", "b", "c");
  }

  @Test
  void keptEvidenceRoundTripsEveryFieldAndIsReplaced() {
    NodeId n1 = NodeId.of("n1");
    store.inTransaction(
        tx -> {
          tx.putNode(StoreFixtures.fullNode("n1"));
          tx.putNode(StoreFixtures.fullNode("n2"));
          tx.putEvidence(StoreFixtures.evidence("n1", 1));
          tx.putEvidence(StoreFixtures.evidence("n2", 2));
          assertThat(tx.evidence(n1)).contains(StoreFixtures.evidence("n1", 1));
          return null;
        });
    assertThat(store.evidence(n1)).contains(StoreFixtures.evidence("n1", 1));
    assertThat(store.evidence(NodeId.of("n2"))).contains(StoreFixtures.evidence("n2", 2));
    assertThat(store.evidence(NodeId.of("n3"))).isEmpty();
    store.inTransaction(
        tx -> {
          tx.putEvidence(StoreFixtures.evidence("n1", 4));
          return null;
        });
    assertThat(store.evidence(n1)).contains(StoreFixtures.evidence("n1", 4));
  }

  @Test
  void keptEvidenceOfAFailedTransactionIsNotKept() {
    store.inTransaction(
        tx -> {
          tx.putNode(StoreFixtures.fullNode("n1"));
          return null;
        });
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.putEvidence(StoreFixtures.evidence("n1", 1));
                      throw new IllegalStateException("rolled back");
                    }))
        .hasMessage("rolled back");
    assertThat(store.evidence(NodeId.of("n1"))).isEmpty();
  }

  @Test
  void challengeRoundTripsReplacesAndDeletes() {
    NodeId id = NodeId.of("n1");
    store.inTransaction(
        tx -> {
          tx.putChallenge(StoreFixtures.challenge("n1", 1));
          tx.putChallenge(StoreFixtures.challenge("n2", 2));
          return null;
        });
    store.inTransaction(
        tx -> {
          assertThat(tx.challenge(id)).contains(StoreFixtures.challenge("n1", 1));
          tx.putChallenge(StoreFixtures.challenge("n1", 3));
          assertThat(tx.challenge(id)).contains(StoreFixtures.challenge("n1", 3));
          tx.deleteChallenge(id);
          assertThat(tx.challenge(id)).isEmpty();
          assertThat(tx.challenge(NodeId.of("n2"))).contains(StoreFixtures.challenge("n2", 2));
          return null;
        });
  }

  @Test
  void policyRoundTripsEveryFieldAndLatestVersionWins() {
    store.inTransaction(
        tx -> {
          tx.putPolicy(StoreFixtures.policy("inference", 1));
          tx.putPolicy(StoreFixtures.policy("inference", 2));
          tx.putPolicy(StoreFixtures.policy("batch", 7));
          assertThat(tx.policy("inference")).contains(StoreFixtures.policy("inference", 2));
          return null;
        });
    assertThat(store.policy("inference")).contains(StoreFixtures.policy("inference", 2));
    assertThat(store.policy("batch")).contains(StoreFixtures.policy("batch", 7));
    assertThat(store.policies())
        .containsExactly(StoreFixtures.policy("batch", 7), StoreFixtures.policy("inference", 2));
  }

  @Test
  void rolesAccumulateAndAreRemovedOneAtATime() {
    Principal a = StoreFixtures.principal("a");
    Principal b = StoreFixtures.principal("b");
    store.inTransaction(
        tx -> {
          tx.addRole(a, Role.CONTROLLER);
          tx.addRole(b, Role.OPERATOR);
          tx.addRole(b, Role.AUDITOR);
          tx.addRole(b, Role.AUDITOR);
          assertThat(tx.roles(b)).containsExactlyInAnyOrder(Role.OPERATOR, Role.AUDITOR);
          assertThat(tx.principals())
              .isEqualTo(
                  Map.of(a, Set.of(Role.CONTROLLER), b, Set.of(Role.OPERATOR, Role.AUDITOR)));
          return null;
        });
    assertThat(store.roles(a)).containsExactly(Role.CONTROLLER);
    assertThat(store.principals())
        .isEqualTo(Map.of(a, Set.of(Role.CONTROLLER), b, Set.of(Role.OPERATOR, Role.AUDITOR)));
    store.inTransaction(
        tx -> {
          tx.removeRole(a, Role.CONTROLLER);
          tx.removeRole(b, Role.OPERATOR);
          tx.removeRole(b, Role.CONTROLLER);
          return null;
        });
    assertThat(store.roles(a)).isEmpty();
    assertThat(store.roles(b)).containsExactly(Role.AUDITOR);
    assertThat(store.principals()).isEqualTo(Map.of(b, Set.of(Role.AUDITOR)));
  }

  @Test
  void roleRemovalRollsBackWithItsTransaction() {
    Principal a = StoreFixtures.principal("a");
    store.inTransaction(
        tx -> {
          tx.addRole(a, Role.CONTROLLER);
          return null;
        });
    IllegalStateException refused = new IllegalStateException("last controller");
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.removeRole(a, Role.CONTROLLER);
                      assertThat(tx.roles(a)).isEmpty();
                      throw refused;
                    }))
        .isSameAs(refused);
    assertThat(store.roles(a)).containsExactly(Role.CONTROLLER);
  }

  @Test
  void eventsGetGapFreeSequenceAndRoundTrip() throws Exception {
    Event e0 = StoreFixtures.event("node.register", "node:n1");
    Event e1 = StoreFixtures.refused("node:n2");
    long[] seqs =
        store.inTransaction(tx -> new long[] {tx.append(e0), tx.append(e1), tx.append(e0)});
    assertThat(seqs).containsExactly(0, 1, 2);
    long fourth = store.inTransaction(tx -> tx.append(e1));
    assertThat(fourth).isEqualTo(3);
    assertThat(store.eventCount()).isEqualTo(4);
    assertThat(store.events(0, 4))
        .containsExactly(e0.withSeq(0), e1.withSeq(1), e0.withSeq(2), e1.withSeq(3));
    assertThat(store.events(1, 3)).containsExactly(e1.withSeq(1), e0.withSeq(2));
    assertThat(store.events(4, 10)).isEmpty();
    assertEntries(4);
  }

  @Test
  void checkedExceptionRollsBackEverythingAndPropagatesUnchanged() throws Exception {
    store.inTransaction(tx -> tx.append(StoreFixtures.event("a", "s")));
    Exception thrown = new Exception("work failed");
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.putNode(StoreFixtures.fullNode("n1"));
                      tx.putPolicy(StoreFixtures.policy("w", 1));
                      tx.addRole(StoreFixtures.principal("x"), Role.OPERATOR);
                      tx.putChallenge(StoreFixtures.challenge("n1", 1));
                      tx.rememberNonce("k", "nonce", T0.plusSeconds(60));
                      tx.append(StoreFixtures.event("b", "s"));
                      throw thrown;
                    }))
        .isSameAs(thrown);
    assertThat(store.nodes()).isEmpty();
    assertThat(store.policies()).isEmpty();
    assertThat(store.principals()).isEmpty();
    assertThat(store.eventCount()).isEqualTo(1);
    Optional<Challenge> challenge = store.inTransaction(tx -> tx.challenge(NodeId.of("n1")));
    assertThat(challenge).isEmpty();
    assertThat(remember("k", "nonce", Duration.ofSeconds(60))).isTrue();
    long next = store.inTransaction(tx -> tx.append(StoreFixtures.event("c", "s")));
    assertThat(next).isEqualTo(1);
    assertEntries(2);
  }

  @Test
  void runtimeExceptionRollsBackAndPropagatesUnchanged() {
    IllegalStateException thrown = new IllegalStateException("illegal transition");
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.putNode(StoreFixtures.fullNode("n1"));
                      tx.append(StoreFixtures.event("b", "s"));
                      throw thrown;
                    }))
        .isSameAs(thrown);
    assertThat(store.nodes()).isEmpty();
    assertThat(store.eventCount()).isZero();
  }

  @Test
  void readsOutsideSeeOnlyCommittedData() {
    Node n = StoreFixtures.fullNode("n1");
    store.inTransaction(
        tx -> {
          tx.putNode(n);
          tx.addRole(StoreFixtures.principal("r"), Role.AUDITOR);
          tx.putPolicy(StoreFixtures.policy("w", 1));
          tx.append(StoreFixtures.event("a", "s"));
          assertThat(tx.node(n.id())).contains(n);
          assertThat(store.node(n.id())).isEmpty();
          assertThat(store.nodes()).isEmpty();
          assertThat(store.principals()).isEmpty();
          assertThat(store.policies()).isEmpty();
          assertThat(store.eventCount()).isZero();
          assertThat(store.events(0, 10)).isEmpty();
          return null;
        });
    assertThat(store.node(n.id())).contains(n);
    assertThat(store.eventCount()).isEqualTo(1);
  }

  @Test
  void nonceReplayWithinExpiryIsRefused() {
    assertThat(remember("k1", "n", Duration.ofSeconds(60))).isTrue();
    assertThat(remember("k1", "n", Duration.ofSeconds(60))).isFalse();
    assertThat(remember("k2", "n", Duration.ofSeconds(60))).isTrue();
    clock.advance(Duration.ofSeconds(59));
    assertThat(remember("k1", "n", Duration.ofSeconds(60))).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(remember("k1", "n", Duration.ofSeconds(60))).isTrue();
    assertThat(remember("k1", "n", Duration.ofSeconds(60))).isFalse();
  }

  @Test
  void failingWorkAmongConcurrentWritersRollsBackAlone() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      java.util.concurrent.CountDownLatch inFirst = new java.util.concurrent.CountDownLatch(1);
      Future<Long> first =
          pool.submit(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.putNode(StoreFixtures.pendingNode("a"));
                        inFirst.countDown();
                        Thread.sleep(300);
                        return tx.append(StoreFixtures.event("ok", "node:a"));
                      }));
      inFirst.await();
      Exception boom = new Exception("refused");
      Future<Long> failing =
          pool.submit(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.putNode(StoreFixtures.pendingNode("b"));
                        tx.append(StoreFixtures.event("bad", "node:b"));
                        throw boom;
                      }));
      Future<Long> third =
          pool.submit(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.putNode(StoreFixtures.pendingNode("c"));
                        return tx.append(StoreFixtures.event("ok", "node:c"));
                      }));
      // Concurrent writers (PostgreSQL) may commit in either order: the two that succeed hold
      // positions 0 and 1, the failing one none.
      long a = first.get(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).hasCause(boom);
      long c = third.get(30, TimeUnit.SECONDS);
      assertThat(java.util.List.of(a, c)).containsExactlyInAnyOrder(0L, 1L);
    } finally {
      pool.shutdown();
    }
    assertThat(store.nodes()).extracting(n -> n.id().value()).containsExactly("a", "c");
    assertThat(store.events(0, 10))
        .extracting(Event::subject)
        .containsExactlyInAnyOrder("node:a", "node:c");
  }

  @Test
  void nestedTransactionIsAProgrammingError() {
    assertThatThrownBy(() -> store.inTransaction(tx -> store.inTransaction(inner -> 1)))
        .isInstanceOf(IllegalStateException.class);
    long seq = store.inTransaction(tx -> tx.append(StoreFixtures.event("a", "s")));
    assertThat(seq).isZero();
  }

  @Test
  void concurrentWritersOnTwoReplicasKeepSequenceGapFree() throws Exception {
    int threads = 8;
    int perThread = 15;
    try (Store replica = open(clock)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Store s = t % 2 == 0 ? store : replica;
        String prefix = "t" + t;
        done.add(pool.submit(() -> writeLoop(s, prefix, perThread)));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    long total = threads * perThread * 2L;
    assertThat(store.eventCount()).isEqualTo(total);
    List<Event> events = store.events(0, total);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).seq()).isEqualTo(i);
      if (i % 2 == 1) {
        assertThat(events.get(i).subject()).isEqualTo(events.get(i - 1).subject());
      }
    }
    assertThat(store.nodes()).hasSize(threads * perThread);
  }

  // --- replicas (issue 15): leases with fencing tokens, the deployment identity ---

  @Test
  void leaseIsTakenRenewedRefusedToOthersAndTakenOverWithTheNextToken() {
    Duration ttl = Duration.ofSeconds(10);
    try (Store replica = open(clock)) {
      Lease a = take(store, "sweep", "replica-a", ttl).orElseThrow();
      assertThat(a.token()).isEqualTo(1);
      assertThat(a.expiresAt()).isEqualTo(T0.plus(ttl).truncatedTo(ChronoUnit.MILLIS));
      assertThat(take(replica, "sweep", "replica-b", ttl)).as("held by a").isEmpty();
      assertThat(take(replica, "audit", "replica-b", ttl).orElseThrow().token()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(5));
      Lease renewed = take(store, "sweep", "replica-a", ttl).orElseThrow();
      assertThat(renewed.token()).as("renewal keeps the token").isEqualTo(1);
      assertThat(renewed.expiresAt())
          .isEqualTo(T0.plus(Duration.ofSeconds(15)).truncatedTo(ChronoUnit.MILLIS));
      clock.advance(Duration.ofSeconds(9));
      assertThat(take(replica, "sweep", "replica-b", ttl)).as("a still holds it").isEmpty();
      clock.advance(Duration.ofSeconds(1)); // T0 + 15 s: a's lease expired
      Lease b = take(replica, "sweep", "replica-b", ttl).orElseThrow();
      assertThat(b.token()).as("a new holder gets the next token").isEqualTo(2);
      assertThat(store.leases())
          .extracting(Lease::duty, Lease::holder, Lease::token)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("audit", "replica-b", 1L),
              org.assertj.core.groups.Tuple.tuple("sweep", "replica-b", 2L));
    }
  }

  @Test
  void aStaleFencingTokensWriteIsRefusedInItsOwnTransaction() {
    Duration ttl = Duration.ofSeconds(10);
    try (Store replica = open(clock)) {
      Lease paused = take(store, "sweep", "replica-a", ttl).orElseThrow();
      clock.advance(Duration.ofSeconds(11)); // replica-a is paused past its lease
      Lease taken = take(replica, "sweep", "replica-b", ttl).orElseThrow();
      // replica-a wakes and tries its duty's write, fenced: refused, nothing written
      assertThatThrownBy(() -> fencedWrite(store, paused, "by-a"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("token 1");
      assertThat(store.node(NodeId.of("by-a"))).isEmpty();
      // even before its own clock says it expired, a taken-over token is stale
      boolean stillHeld = store.inTransaction(tx -> tx.holdsLease(paused, T0));
      assertThat(stillHeld).isFalse();
      fencedWrite(replica, taken, "by-b");
      assertThat(store.node(NodeId.of("by-b"))).isPresent();
      clock.advance(ttl);
      assertThatThrownBy(() -> fencedWrite(replica, taken, "late"))
          .as("an expired lease fences its own holder too")
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void identityIsCreatedOnceAndSharedByEveryReplica() {
    io.dooor.common.Bytes first = io.dooor.common.Bytes.of(new byte[] {1, 2, 3});
    io.dooor.common.Bytes second = io.dooor.common.Bytes.of(new byte[] {9});
    assertThat(store.identity("canister_id")).isEmpty();
    try (Store replica = open(clock)) {
      io.dooor.common.Bytes created =
          store.inTransaction(tx -> tx.createIdentity("canister_id", first));
      io.dooor.common.Bytes again =
          replica.inTransaction(tx -> tx.createIdentity("canister_id", second));
      assertThat(created).isEqualTo(first);
      assertThat(again).as("never replaced").isEqualTo(first);
      assertThat(replica.identity("canister_id")).contains(first);
      assertThat(store.identity("other")).isEmpty();
    }
  }

  private Optional<Lease> take(Store s, String duty, String holder, Duration ttl) {
    return s.inTransaction(tx -> tx.acquireLease(duty, holder, clock.instant(), ttl));
  }

  private void fencedWrite(Store s, Lease lease, String id) {
    s.inTransaction(
        tx -> {
          if (!tx.holdsLease(lease, clock.instant())) {
            throw new IllegalStateException("lease lost: fencing token " + lease.token());
          }
          tx.putNode(StoreFixtures.pendingNode(id));
          return null;
        });
  }

  private static Void writeLoop(Store s, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      s.inTransaction(
          tx -> {
            tx.putNode(StoreFixtures.pendingNode(id));
            long a = tx.append(StoreFixtures.event("node.register", "node:" + id));
            long b = tx.append(StoreFixtures.event("node.challenge", "node:" + id));
            assertThat(b).isEqualTo(a + 1);
            return null;
          });
    }
    return null;
  }

  protected boolean remember(String key, String nonce, Duration ttl) {
    return store.inTransaction(tx -> tx.rememberNonce(key, nonce, clock.instant().plus(ttl)));
  }
}

package io.dooor.store;

import static io.dooor.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.core.Challenge;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import io.dooor.core.port.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour of {@link Store}, run against each database. Subclasses give each test a fresh,
 * empty database; {@link #open} may be called again for a second replica on the same database.
 */
abstract class StoreContractTest {
  protected final MutableClock clock = new MutableClock(T0);
  protected JdbcStore store;

  /** Opens a store on this test's database (a new one per test; again = another replica). */
  protected abstract JdbcStore open(MutableClock clock);

  /** A plain JDBC connection to this test's database. */
  protected abstract Connection raw() throws SQLException;

  /** The exception this database reports for a transient write conflict. */
  protected abstract SQLException conflict();

  @BeforeEach
  void openStore() {
    store = open(clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
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
    Node full = Fixtures.fullNode("n1");
    Node pending = Fixtures.pendingNode("n2");
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
    Node n = Fixtures.fullNode("b");
    Node changed = Fixtures.deactivated(n).heartbeat(T0.plusSeconds(9));
    store.inTransaction(
        tx -> {
          tx.putNode(n);
          tx.putNode(Fixtures.pendingNode("c"));
          tx.putNode(Fixtures.pendingNode("a"));
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
  void challengeRoundTripsReplacesAndDeletes() {
    NodeId id = NodeId.of("n1");
    store.inTransaction(
        tx -> {
          tx.putChallenge(Fixtures.challenge("n1", 1));
          tx.putChallenge(Fixtures.challenge("n2", 2));
          return null;
        });
    store.inTransaction(
        tx -> {
          assertThat(tx.challenge(id)).contains(Fixtures.challenge("n1", 1));
          tx.putChallenge(Fixtures.challenge("n1", 3));
          assertThat(tx.challenge(id)).contains(Fixtures.challenge("n1", 3));
          tx.deleteChallenge(id);
          assertThat(tx.challenge(id)).isEmpty();
          assertThat(tx.challenge(NodeId.of("n2"))).contains(Fixtures.challenge("n2", 2));
          return null;
        });
  }

  @Test
  void policyRoundTripsEveryFieldAndLatestVersionWins() {
    store.inTransaction(
        tx -> {
          tx.putPolicy(Fixtures.policy("inference", 1));
          tx.putPolicy(Fixtures.policy("inference", 2));
          tx.putPolicy(Fixtures.policy("batch", 7));
          assertThat(tx.policy("inference")).contains(Fixtures.policy("inference", 2));
          return null;
        });
    assertThat(store.policy("inference")).contains(Fixtures.policy("inference", 2));
    assertThat(store.policy("batch")).contains(Fixtures.policy("batch", 7));
    assertThat(store.policies())
        .containsExactly(Fixtures.policy("batch", 7), Fixtures.policy("inference", 2));
  }

  @Test
  void rolesRoundTripReplaceAndRemove() {
    Principal a = Fixtures.principal("a");
    Principal b = Fixtures.principal("b");
    store.inTransaction(
        tx -> {
          tx.putRole(a, Role.CONTROLLER);
          tx.putRole(b, Role.OPERATOR);
          tx.putRole(b, Role.AUDITOR);
          assertThat(tx.role(b)).contains(Role.AUDITOR);
          assertThat(tx.principals()).isEqualTo(Map.of(a, Role.CONTROLLER, b, Role.AUDITOR));
          return null;
        });
    assertThat(store.role(a)).contains(Role.CONTROLLER);
    assertThat(store.principals()).isEqualTo(Map.of(a, Role.CONTROLLER, b, Role.AUDITOR));
    store.inTransaction(
        tx -> {
          tx.removeRole(a);
          return null;
        });
    assertThat(store.role(a)).isEmpty();
    assertThat(store.principals()).isEqualTo(Map.of(b, Role.AUDITOR));
  }

  @Test
  void eventsGetGapFreeSequenceAndRoundTrip() throws SQLException {
    Event e0 = Fixtures.event("node.register", "node:n1");
    Event e1 = Fixtures.refused("node:n2");
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
    assertThat(count("audit_entry")).as("one audit log entry per event").isEqualTo(4);
  }

  @Test
  void checkedExceptionRollsBackEverythingAndPropagatesUnchanged() throws SQLException {
    store.inTransaction(tx -> tx.append(Fixtures.event("a", "s")));
    Exception thrown = new Exception("work failed");
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.putNode(Fixtures.fullNode("n1"));
                      tx.putPolicy(Fixtures.policy("w", 1));
                      tx.putRole(Fixtures.principal("x"), Role.OPERATOR);
                      tx.putChallenge(Fixtures.challenge("n1", 1));
                      tx.rememberNonce("k", "nonce", T0.plusSeconds(60));
                      tx.append(Fixtures.event("b", "s"));
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
    long next = store.inTransaction(tx -> tx.append(Fixtures.event("c", "s")));
    assertThat(next).isEqualTo(1);
    assertThat(count("audit_entry")).isEqualTo(2);
  }

  @Test
  void runtimeExceptionRollsBackAndPropagatesUnchanged() {
    IllegalStateException thrown = new IllegalStateException("illegal transition");
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.putNode(Fixtures.fullNode("n1"));
                      tx.append(Fixtures.event("b", "s"));
                      throw thrown;
                    }))
        .isSameAs(thrown);
    assertThat(store.nodes()).isEmpty();
    assertThat(store.eventCount()).isZero();
  }

  @Test
  void valueViolatingTheSchemaIsUnstorableAndRollsBack() {
    Node good = Fixtures.fullNode("n1");
    Node noWorkload =
        new Node(
            NodeId.of("n2"),
            good.state(),
            good.teeType(),
            null,
            good.nodeKey(),
            good.principal(),
            Map.of(),
            "",
            "",
            T0,
            null,
            null,
            null,
            0,
            "");
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.putNode(good);
                      tx.putNode(noWorkload);
                      return null;
                    }))
        .isInstanceOf(StoreException.class)
        .extracting(e -> ((StoreException) e).reason())
        .isEqualTo(StoreException.Reason.UNSTORABLE_VALUE);
    assertThat(store.nodes()).isEmpty();
  }

  @Test
  void readsOutsideSeeOnlyCommittedData() {
    Node n = Fixtures.fullNode("n1");
    store.inTransaction(
        tx -> {
          tx.putNode(n);
          tx.putRole(Fixtures.principal("r"), Role.AUDITOR);
          tx.putPolicy(Fixtures.policy("w", 1));
          tx.append(Fixtures.event("a", "s"));
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
  void expiredNoncesArePurged() throws SQLException {
    for (int i = 0; i < 50; i++) {
      remember("k", "old-" + i, Duration.ofSeconds(10));
    }
    remember("k", "live", Duration.ofHours(1));
    assertThat(count("request_nonces")).isEqualTo(51);
    clock.advance(Duration.ofSeconds(11));
    remember("k", "new", Duration.ofHours(1));
    assertThat(count("request_nonces")).isEqualTo(2);
    assertThat(remember("k", "live", Duration.ofHours(1))).isFalse();
  }

  @Test
  void transientConflictIsRetriedThenCommitsOnce() {
    AtomicInteger runs = new AtomicInteger();
    long seq =
        store.inTransaction(
            tx -> {
              long s = tx.append(Fixtures.event("a", "s"));
              if (runs.incrementAndGet() < 3) {
                throw new StoreException(StoreException.Reason.UNAVAILABLE, "conflict", conflict());
              }
              return s;
            });
    assertThat(runs).hasValue(3);
    assertThat(seq).isZero();
    assertThat(store.eventCount()).isEqualTo(1);
  }

  @Test
  void persistentConflictGivesUpAfterBoundedAttempts() {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      runs.incrementAndGet();
                      tx.append(Fixtures.event("a", "s"));
                      throw new StoreException(StoreException.Reason.UNAVAILABLE, "c", conflict());
                    }))
        .isInstanceOf(StoreException.class)
        .extracting(e -> ((StoreException) e).reason())
        .isEqualTo(StoreException.Reason.RETRIES_EXHAUSTED);
    assertThat(runs).hasValue(JdbcStore.MAX_ATTEMPTS);
    assertThat(store.eventCount()).isZero();
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
                        tx.putNode(Fixtures.pendingNode("a"));
                        inFirst.countDown();
                        Thread.sleep(300);
                        return tx.append(Fixtures.event("ok", "node:a"));
                      }));
      inFirst.await();
      Exception boom = new Exception("refused");
      Future<Long> failing =
          pool.submit(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.putNode(Fixtures.pendingNode("b"));
                        tx.append(Fixtures.event("bad", "node:b"));
                        throw boom;
                      }));
      Future<Long> third =
          pool.submit(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.putNode(Fixtures.pendingNode("c"));
                        return tx.append(Fixtures.event("ok", "node:c"));
                      }));
      assertThat(first.get(30, TimeUnit.SECONDS)).isZero();
      assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).hasCause(boom);
      assertThat(third.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
    assertThat(store.nodes()).extracting(n -> n.id().value()).containsExactly("a", "c");
    assertThat(store.events(0, 10)).extracting(Event::subject).containsExactly("node:a", "node:c");
  }

  @Test
  void nestedTransactionIsAProgrammingError() {
    assertThatThrownBy(() -> store.inTransaction(tx -> store.inTransaction(inner -> 1)))
        .isInstanceOf(IllegalStateException.class);
    long seq = store.inTransaction(tx -> tx.append(Fixtures.event("a", "s")));
    assertThat(seq).isZero();
  }

  @Test
  void concurrentWritersOnTwoReplicasKeepSequenceGapFree() throws Exception {
    int threads = 8;
    int perThread = 15;
    try (JdbcStore replica = open(clock)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        JdbcStore s = t % 2 == 0 ? store : replica;
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

  private static Void writeLoop(Store s, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      s.inTransaction(
          tx -> {
            tx.putNode(Fixtures.pendingNode(id));
            long a = tx.append(Fixtures.event("node.register", "node:" + id));
            long b = tx.append(Fixtures.event("node.challenge", "node:" + id));
            assertThat(b).isEqualTo(a + 1);
            return null;
          });
    }
    return null;
  }

  private boolean remember(String key, String nonce, Duration ttl) {
    return store.inTransaction(tx -> tx.rememberNonce(key, nonce, clock.instant().plus(ttl)));
  }

  protected long count(String table) throws SQLException {
    try (Connection c = raw();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

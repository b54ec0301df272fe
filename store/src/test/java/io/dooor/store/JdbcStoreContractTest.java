package io.dooor.store;

import static io.dooor.core.testkit.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.testkit.MutableClock;
import io.dooor.core.testkit.StoreContractTest;
import io.dooor.core.testkit.StoreFixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@link io.dooor.core.port.Store} contract (core's {@link StoreContractTest}) on a database,
 * plus what only a database has: one audit entry per event, the schema, nonce purging and retries
 * of transient write conflicts.
 */
abstract class JdbcStoreContractTest extends StoreContractTest {
  @Override
  protected abstract JdbcStore open(MutableClock clock);

  /** A plain JDBC connection to this test's database. */
  protected abstract Connection raw() throws SQLException;

  /** The exception this database reports for a transient write conflict. */
  protected abstract SQLException conflict();

  @Override
  protected void assertEntries(long events) throws SQLException {
    assertThat(count("audit_entry")).as("one audit log entry per event").isEqualTo(events);
  }

  @Test
  void valueViolatingTheSchemaIsUnstorableAndRollsBack() {
    Node good = StoreFixtures.fullNode("n1");
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
            "",
            0);
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
              long s = tx.append(StoreFixtures.event("a", "s"));
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
                      tx.append(StoreFixtures.event("a", "s"));
                      throw new StoreException(StoreException.Reason.UNAVAILABLE, "c", conflict());
                    }))
        .isInstanceOf(StoreException.class)
        .extracting(e -> ((StoreException) e).reason())
        .isEqualTo(StoreException.Reason.RETRIES_EXHAUSTED);
    assertThat(runs).hasValue(JdbcStore.MAX_ATTEMPTS);
    assertThat(store.eventCount()).isZero();
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

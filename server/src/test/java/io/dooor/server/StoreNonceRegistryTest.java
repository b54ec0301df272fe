package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.auth.SignedRequest;
import io.dooor.common.Bytes;
import io.dooor.store.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas sharing one database, each with its own {@link RequestVerifier} over a {@link
 * StoreNonceRegistry}: a signed request accepted by one is a replay at the other. Run on a real
 * PostgreSQL (the scale-out deployment) and on one SQLite file opened twice.
 */
class StoreNonceRegistryTest {
  @TempDir Path dir;

  @Test
  void aRequestAcceptedByOneReplicaIsAReplayAtAnotherOnPostgres() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      try (JdbcStore a = JdbcStore.postgres(url, "postgres", "");
          JdbcStore b = JdbcStore.postgres(url, "postgres", "")) {
        replayAcrossReplicasIsRefused(a, b);
      }
    }
  }

  /**
   * Nonces are written outside the write serialisation on PostgreSQL: two replicas racing, each
   * with 8 threads, to use the same 400 nonces (while one also commits a serialised write
   * transaction, seen by the other): each nonce is a first use exactly once.
   */
  @Test
  void racingReplicasSeeEachNonceFirstUsedExactlyOnceOnPostgres() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      try (JdbcStore a = JdbcStore.postgres(url, "postgres", "");
          JdbcStore b = JdbcStore.postgres(url, "postgres", "")) {
        int nonces = 400;
        java.util.concurrent.atomic.AtomicIntegerArray firsts =
            new java.util.concurrent.atomic.AtomicIntegerArray(nonces);
        java.util.concurrent.ExecutorService pool =
            java.util.concurrent.Executors.newFixedThreadPool(16);
        Instant expires = Instant.now().plusSeconds(60);
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < 16; t++) {
          JdbcStore replica = t % 2 == 0 ? a : b;
          int offset = t * 37;
          done.add(
              pool.submit(
                  () -> {
                    for (int k = 0; k < nonces; k++) {
                      int n = (k + offset) % nonces;
                      if (new StoreNonceRegistry(replica).firstUse("key", "n" + n, expires)) {
                        firsts.incrementAndGet(n);
                      }
                    }
                    return null;
                  }));
        }
        io.dooor.core.Principal p = Identity.generate().principal();
        a.inTransaction(
            tx -> {
              tx.addRole(p, io.dooor.core.Role.OPERATOR);
              return null;
            });
        for (java.util.concurrent.Future<?> f : done) {
          f.get();
        }
        pool.shutdown();
        for (int n = 0; n < nonces; n++) {
          assertThat(firsts.get(n)).as("first uses of nonce n" + n).isEqualTo(1);
        }
        assertThat(b.roles(p)).contains(io.dooor.core.Role.OPERATOR);
      }
    }
  }

  @Test
  void aRequestAcceptedByOneReplicaIsAReplayAtAnotherOnSqlite() throws Exception {
    Path file = dir.resolve("shared.db");
    try (JdbcStore a = JdbcStore.sqlite(file);
        JdbcStore b = JdbcStore.sqlite(file)) {
      replayAcrossReplicasIsRefused(a, b);
    }
  }

  private static void replayAcrossReplicasIsRefused(JdbcStore a, JdbcStore b) throws Exception {
    Clock clock = Clock.systemUTC();
    RequestVerifier first = new RequestVerifier(clock, new StoreNonceRegistry(a));
    RequestVerifier second = new RequestVerifier(clock, new StoreNonceRegistry(b));
    Identity id = Identity.generate();
    RequestSigner signer = new RequestSigner(id, clock);

    SignedRequest once = request(signer.sign("GET", "/v1/nodes/n1", "", Bytes.empty()));
    assertThat(first.verify(once).principal()).isEqualTo(id.principal());
    assertThatThrownBy(() -> second.verify(once))
        .isInstanceOf(AuthException.class)
        .satisfies(
            e -> assertThat(((AuthException) e).reason()).isEqualTo(AuthException.Reason.REPLAYED));
    assertThatThrownBy(() -> first.verify(once)).isInstanceOf(AuthException.class);

    // a fresh request (new nonce) from the same key is accepted by either replica
    SignedRequest next = request(signer.sign("GET", "/v1/nodes/n1", "", Bytes.empty()));
    assertThat(second.verify(next).principal()).isEqualTo(id.principal());
  }

  private static SignedRequest request(Map<String, String> signed) {
    Map<String, String> headers = new HashMap<>();
    signed.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    return SignedRequest.of("GET", "/v1/nodes/n1", "", headers, Bytes.empty());
  }

  @Test
  void aStoreThatFailsRefusesTheNonce() throws Exception {
    JdbcStore closed = JdbcStore.sqlite(dir.resolve("closed.db"));
    closed.close();
    assertThatThrownBy(
            () -> new StoreNonceRegistry(closed).firstUse("k", "n", Instant.now().plusSeconds(60)))
        .isInstanceOf(io.dooor.store.StoreException.class);
  }
}

package io.dooor.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.store.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A replica stalled in the middle of a write transaction (SIGSTOP, a long GC pause, a database link
 * cut without a reset) holds the write lock; the chaos suite found that every other replica's
 * writes then waited for it forever. PostgreSQL now ends such a session after {@link
 * PostgresDatabase#IDLE_IN_TRANSACTION_MILLIS}: the others write again, and the stalled transaction
 * is rolled back, so it applies nothing when its replica wakes.
 */
class PostgresStalledWriterTest {
  @Test
  void aWriterStalledInsideItsTransactionNoLongerBlocksTheOthersAndAppliesNothing()
      throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start();
        PostgresDatabase stalled =
            PostgresDatabase.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
        JdbcStore other =
            JdbcStore.postgres(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")) {
      Connection c = stalled.beginWrite(); // holds the write lock, then its replica stops
      stalled.runAlone(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO request_nonces (key_id, nonce, expires_at) VALUES (?,?,?)")) {
        ps.setString(1, "stalled");
        ps.setString(2, "n1");
        ps.setLong(3, Instant.now().plusSeconds(600).toEpochMilli());
        ps.executeUpdate();
      }
      long started = System.nanoTime();
      CompletableFuture<Boolean> write =
          CompletableFuture.supplyAsync(
              () ->
                  other.inTransaction(
                      tx -> tx.rememberNonce("other", "n2", Instant.now().plusSeconds(600))));
      assertThat(write.get(60, TimeUnit.SECONDS)).as("the other replica wrote").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("it waited for the stalled one's lock, not for long")
          .isGreaterThan(Duration.ofMillis(PostgresDatabase.IDLE_IN_TRANSACTION_MILLIS / 2))
          .isLessThan(Duration.ofSeconds(30));
      assertThatThrownBy(() -> stalled.commit(c))
          .as("the stalled transaction was ended by the database")
          .isInstanceOf(SQLException.class);
      stalled.releaseWrite(c);
      boolean fresh = other.inTransaction(tx -> tx.rememberNonce("stalled", "n1", Instant.now()));
      assertThat(fresh).as("the stalled write was rolled back: its nonce is new").isTrue();
    }
  }
}

package io.dooor.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Request nonces remembered on PostgreSQL outside the write serialisation (issue 15): a nonce needs
 * no order with any other write, only uniqueness, and the table's primary key (key_id, nonce) gives
 * it across replicas. One autocommit upsert per nonce: of two concurrent first uses (any replicas),
 * the second waits for the first to commit, then finds the live row and writes nothing (PostgreSQL
 * docs, INSERT ... ON CONFLICT, "atomic outcome" under READ COMMITTED); so exactly one is told it
 * is the first. Expired nonces are purged at most once per interval, as in a write transaction.
 */
public final class Nonces {
  private Nonces() {}

  /** True if the nonce was recorded now, false for a replay (a live record exists). */
  public static boolean firstUse(
      Database db, NoncePurge purge, String keyId, String nonce, Instant expiresAt)
      throws SQLException {
    Connection c = db.reader();
    try {
      c.setAutoCommit(true);
      Instant now = purge.now();
      if (purge.due(now)) {
        AccessTables.purgeNonces(c, now);
      }
      return AccessTables.rememberNonce(c, keyId, nonce, expiresAt, now);
    } finally {
      db.releaseReader(c);
    }
  }
}

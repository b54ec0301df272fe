package io.dooor.server;

import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.NonceRegistry;
import io.dooor.store.JdbcStore;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link NonceRegistry} in the control plane's database (table request_nonces), for several
 * replicas sharing one PostgreSQL: a request accepted by one replica is a replay at every other.
 * Each first use is one small committed transaction, so a single process on SQLite is better served
 * by {@link InMemoryNonceRegistry}, which is exact there. On PostgreSQL a nonce is written outside
 * the write serialisation ({@link JdbcStore#firstUseOfNonce}). Fails closed: a database error
 * refuses the request, with the store's own error (503 {@code store-unavailable} when the database
 * is down, not a 401 that would blame the caller). Thread-safe.
 */
public final class StoreNonceRegistry implements NonceRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(StoreNonceRegistry.class);

  private final JdbcStore store;

  public StoreNonceRegistry(JdbcStore store) {
    this.store = store;
  }

  @Override
  public boolean firstUse(String keyId, String nonce, Instant expiresAt) {
    try {
      return store.firstUseOfNonce(keyId, nonce, expiresAt);
    } catch (RuntimeException e) {
      LOG.warn("nonce store unavailable; refusing the request: {}", e.toString());
      throw e;
    }
  }
}

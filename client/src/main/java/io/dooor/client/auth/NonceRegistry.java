package io.dooor.client.auth;

import java.time.Instant;

/**
 * Remembers request nonces (RFC 9421 §2.3 {@code nonce}, §7.2.2) so that a signed request is
 * accepted at most once. Backed in memory ({@link InMemoryNonceRegistry}) or by the database.
 */
public interface NonceRegistry {
  /**
   * Atomically records {@code nonce} for {@code keyId} until {@code expiresAt}.
   *
   * @return true if this (keyId, nonce) pair had not been recorded (or its record had expired);
   *     false if it is a replay, and also when the registry cannot record it (full or unavailable):
   *     registries fail closed
   */
  boolean firstUse(String keyId, String nonce, Instant expiresAt);

  /**
   * Requests created before this instant cannot be checked: this registry's memory began then (an
   * in-memory registry after a restart). The verifier refuses them, so a request captured before a
   * restart is not accepted again after it. A durable registry remembers across restarts.
   */
  default Instant rememberedSince() {
    return Instant.MIN;
  }
}

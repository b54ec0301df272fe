package io.dooor.core;

import io.dooor.common.Bytes;
import java.time.Instant;

/**
 * A single-use attestation challenge issued at registration (DESIGN §3).
 *
 * @param nodeId the node it was issued to
 * @param nonce 32 random bytes
 * @param expiresAt when it stops being accepted
 */
public record Challenge(NodeId nodeId, Bytes nonce, Instant expiresAt) {
  public static final int NONCE_LENGTH = 32;

  public Challenge {
    if (nonce.length() != NONCE_LENGTH) {
      throw new IllegalArgumentException("challenge nonce must be 32 bytes");
    }
  }
}

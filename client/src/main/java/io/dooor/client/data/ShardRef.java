package io.dooor.client.data;

import io.dooor.common.Bytes;
import io.dooor.core.NodeId;

/** Shard {@code index} of a blob: its content address (SHA-256 of all its bytes) and its node. */
public record ShardRef(int index, Bytes sha256, NodeId node) {
  public ShardRef {
    if (index < 0 || index >= ReedSolomon.MAX_SHARDS) {
      throw new IllegalArgumentException("shard index " + index + " outside [0, 255)");
    }
    if (sha256.length() != 32) {
      throw new IllegalArgumentException("a shard hash is 32 bytes, got " + sha256.length());
    }
  }
}

package io.dooor.core;

import io.dooor.common.Bytes;

/** Shard {@code index} of a blob: its SHA-256, the node that holds it and whether it is there. */
public record BlobShard(int index, Bytes sha256, NodeId node, State state) {

  /** PENDING until the node reports it stored; MISSING when its node is gone (repair due). */
  public enum State {
    PENDING,
    STORED,
    MISSING
  }

  public BlobShard {
    if (index < 0 || index > 254 || sha256.length() != 32) {
      throw new IllegalArgumentException("shard " + index + ": index or hash out of range");
    }
  }

  public BlobShard with(State s) {
    return new BlobShard(index, sha256, node, s);
  }
}

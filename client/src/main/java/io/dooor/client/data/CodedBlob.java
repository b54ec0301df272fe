package io.dooor.client.data;

import io.dooor.common.Bytes;
import java.util.List;

/**
 * What the shards of a blob must be, without keys or placement: enough to verify, decode and
 * rebuild them.
 */
public record CodedBlob(BlobId id, long size, BlobLayout layout, List<Bytes> shardHashes) {
  public CodedBlob {
    shardHashes = List.copyOf(shardHashes);
    if (size < 0 || size > layout.maxSize()) {
      throw new IllegalArgumentException(
          "blob size " + size + " outside [0, " + layout.maxSize() + "]");
    }
    if (shardHashes.size() != layout.totalShards()) {
      throw new IllegalArgumentException(
          shardHashes.size() + " shard hashes for " + layout.totalShards() + " shards");
    }
    for (Bytes h : shardHashes) {
      if (h.length() != 32) {
        throw new IllegalArgumentException("a shard hash is 32 bytes, got " + h.length());
      }
    }
  }
}

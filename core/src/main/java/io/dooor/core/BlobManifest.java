package io.dooor.core;

import io.dooor.common.Bytes;
import java.util.List;

/**
 * What the control plane decides on from a blob's manifest, read at the edge from a parsed {@code
 * EncryptedBlob} (client/DATA-FORMAT.md §3); core keeps the manifest bytes opaque.
 *
 * @param shards index, hash and node of each shard (their state is ignored)
 */
public record BlobManifest(
    String id,
    Bytes bytes,
    Bytes digest,
    long epoch,
    int k,
    long size,
    List<BlobShard> shards,
    List<NodeId> targets,
    List<Principal> recovery) {
  public BlobManifest {
    Blob.requireId(id);
    shards = List.copyOf(shards);
    targets = List.copyOf(targets);
    recovery = List.copyOf(recovery);
  }

  /** Whether {@code other} describes the same data: id, layout, hashes, targets and recovery. */
  boolean sameData(Blob other) {
    return id.equals(other.id())
        && k == other.k()
        && size == other.size()
        && targets.equals(other.targets())
        && recovery.equals(other.recovery())
        && shards.size() == other.shards().size()
        && hashesMatch(other);
  }

  private boolean hashesMatch(Blob other) {
    for (int i = 0; i < shards.size(); i++) {
      if (!shards.get(i).sha256().equals(other.shards().get(i).sha256())) {
        return false;
      }
    }
    return true;
  }
}

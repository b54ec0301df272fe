package io.dooor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data epoch (issue 13): blobs' data keys are wrapped under the vetKD context {@code
 * dooor/data/e<epoch>}; every node deactivation advances the epoch by one, in the deactivation's
 * transaction, so that blobs written afterwards are wrapped under a context whose vetKeys that node
 * never obtained. A deactivated node may still hold vetKeys of older epochs it was given (that is
 * what rewrap is for: {@link Blobs#rewrap}).
 */
final class DataEpochs {
  /** The vetKD context prefix of blob keys. */
  static final String CONTEXT_PREFIX = "dooor/data/e";

  private DataEpochs() {}

  /** The vetKD context of {@code epoch}: {@code dooor/data/e<epoch>} (decimal, ASCII). */
  static String context(long epoch) {
    return CONTEXT_PREFIX + epoch;
  }

  /** Advances the epoch and marks the node's shards MISSING; two events, by the system. */
  static void nodeDeactivated(AuditedTx tx, NodeId node) {
    long from = tx.store().dataEpoch();
    tx.store().putDataEpoch(from + 1);
    tx.recordAs(
        "data.epoch_advanced",
        "data:epoch",
        "node " + node + " deactivated",
        Map.of(
            "previous",
            Long.toString(from),
            "epoch",
            Long.toString(from + 1),
            "node",
            node.value()));
    for (Blob blob : tx.store().blobs()) {
      if (blob.shardOn(node).isPresent()) {
        missing(tx, blob, node);
      }
    }
  }

  private static void missing(AuditedTx tx, Blob blob, NodeId node) {
    List<BlobShard> shards = new ArrayList<>();
    for (BlobShard s : blob.shards()) {
      shards.add(s.node().equals(node) ? s.with(BlobShard.State.MISSING) : s);
    }
    Blob changed = blob.withShards(shards);
    tx.store().putBlob(changed);
    tx.recordAs(
        "blob.shard_missing",
        "blob:" + blob.id(),
        "node " + node + " deactivated",
        Map.of("node", node.value(), "state", changed.state().name()));
  }
}

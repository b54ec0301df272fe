package io.dooor.core;

import java.time.Instant;
import java.util.Optional;

/**
 * The repair of one shard: moved from a lost node to another (chosen when the job starts), with the
 * bytes written so far; kept in the store so that a restarted control plane resumes it.
 */
public record RepairJob(
    String blobId,
    int index,
    NodeId from,
    Optional<NodeId> to,
    State state,
    long bytesMoved,
    String detail,
    Instant updatedAt) {

  /** PENDING (found), DONE (placement updated) or FAILED (last attempt's detail; retried). */
  public enum State {
    PENDING,
    DONE,
    FAILED
  }

  public RepairJob {
    Blob.requireId(blobId);
    if (index < 0 || index > 254 || bytesMoved < 0) {
      throw new IllegalArgumentException("repair of shard " + index + ": bad index or bytes");
    }
    detail = EventLimits.bound(detail, EventLimits.MAX_REASON);
  }
}

package io.dooor.provision;

import io.dooor.core.Lease;
import io.dooor.core.port.Store;
import java.time.Clock;

/**
 * The fencing check of the reconciler's writes (DESIGN §8): inside each write transaction, the
 * workload's lease ({@link Lease}, taken through {@code ControlPlane#acquireLease}) must still be
 * held by this replica with this token and unexpired, or the transaction writes nothing and the
 * pass stops ({@link LeaseLostException}). A replica paused past its lease therefore cannot
 * overwrite the work of the replica that took the workload over.
 */
record Fence(Lease lease, Clock clock) {
  /** Inside a write transaction: refuses unless the lease is still held. */
  void check(Store.Tx tx) {
    if (!tx.holdsLease(lease, clock.instant())) {
      throw new LeaseLostException(
          "lease "
              + lease.duty()
              + " is no longer held by "
              + lease.holder()
              + " with fencing token "
              + lease.token());
    }
  }
}

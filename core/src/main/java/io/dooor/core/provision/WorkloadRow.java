package io.dooor.core.provision;

import io.dooor.core.Principal;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a workload spec (issue 14). The spec is kept as the canonical JSON the
 * provision module parsed and wrote (core does not interpret it); every version is kept, the
 * highest one is in force, and a deletion is a version too.
 *
 * @param name the workload (the same name as its admission policy)
 * @param version 1, 2, ... per workload
 * @param spec canonical JSON of the spec
 * @param deleted whether this version deletes the workload (count 0, nothing to run)
 * @param updatedBy who applied it
 * @param updatedAt when
 */
public record WorkloadRow(
    String name,
    long version,
    String spec,
    boolean deleted,
    Principal updatedBy,
    Instant updatedAt) {
  public WorkloadRow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(updatedBy, "updatedBy");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (version < 1) {
      throw new IllegalArgumentException("workload version " + version + " is not positive");
    }
  }
}

package io.dooor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A workload's admission policy (DESIGN §4), versioned; only controllers change it.
 *
 * @param workload the workload name
 * @param version 1 for the first, +1 for each change
 * @param allowedTypes TEE types that may join
 * @param referenceValues for each measurement name, the accepted values (lower-case hex); a name
 *     that is absent is not checked
 * @param minimums for each numeric claim name, the lowest accepted value (e.g. ISVSVN)
 * @param acceptedTcbStatuses TCB statuses that may join ("UpToDate", ...); "NotApplicable" for
 *     formats without one
 * @param allowDebug whether debug-mode TEEs may join (development only)
 * @param attestationTtl how long an admission lasts before re-attestation is due
 * @param challengeTtl how long a registration challenge stays valid
 * @param autoDeactivation when the control plane deactivates a node of this workload by itself
 * @param updatedBy the controller who set this version
 * @param updatedAt when
 */
public record Policy(
    String workload,
    long version,
    Set<TeeType> allowedTypes,
    Map<String, Set<String>> referenceValues,
    Map<String, Long> minimums,
    Set<String> acceptedTcbStatuses,
    boolean allowDebug,
    Duration attestationTtl,
    Duration challengeTtl,
    AutoDeactivation autoDeactivation,
    Principal updatedBy,
    Instant updatedAt) {

  public Policy {
    if (workload.isBlank()) {
      throw new IllegalArgumentException("policy workload must not be blank");
    }
    if (attestationTtl.isNegative() || attestationTtl.isZero()) {
      throw new IllegalArgumentException("attestation_ttl must be positive");
    }
    if (challengeTtl.isNegative() || challengeTtl.isZero()) {
      throw new IllegalArgumentException("challenge_ttl must be positive");
    }
    allowedTypes = Set.copyOf(allowedTypes);
    referenceValues = Map.copyOf(referenceValues);
    minimums = Map.copyOf(minimums);
    acceptedTcbStatuses = Set.copyOf(acceptedTcbStatuses);
  }

  /**
   * The production default for a workload nobody configured: real hardware only (sim refused), no
   * debug, only up-to-date TCB, one hour attestation, five minute challenges, the default automatic
   * decisions.
   */
  public static Policy productionDefault(String workload, Principal by, Instant at) {
    return new Policy(
        workload,
        0,
        Set.of(TeeType.TDX, TeeType.SGX, TeeType.SNP, TeeType.NITRO),
        Map.of(),
        Map.of(),
        Set.of("UpToDate", "NotApplicable"),
        false,
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        AutoDeactivation.defaults(),
        by,
        at);
  }
}

package io.dooor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** What a controller asks a workload's policy to become; the control plane versions it. */
public record PolicySpec(
    String workload,
    Set<TeeType> allowedTypes,
    Map<String, Set<String>> referenceValues,
    Map<String, Long> minimums,
    Set<String> acceptedTcbStatuses,
    boolean allowDebug,
    Duration attestationTtl,
    Duration challengeTtl,
    AutoDeactivation autoDeactivation) {

  /** A spec with the default automatic decisions ({@link AutoDeactivation#defaults()}). */
  public PolicySpec(
      String workload,
      Set<TeeType> allowedTypes,
      Map<String, Set<String>> referenceValues,
      Map<String, Long> minimums,
      Set<String> acceptedTcbStatuses,
      boolean allowDebug,
      Duration attestationTtl,
      Duration challengeTtl) {
    this(
        workload,
        allowedTypes,
        referenceValues,
        minimums,
        acceptedTcbStatuses,
        allowDebug,
        attestationTtl,
        challengeTtl,
        AutoDeactivation.defaults());
  }

  /**
   * This spec as an unversioned policy (version 0, names and hex values normalised as the control
   * plane stores them), for judging evidence offline ({@code dooor attest verify --policy}).
   *
   * @throws IllegalArgumentException naming a reference value that is not hex
   */
  public Policy draft(Instant at) {
    return Policies.fromSpec(this, 0, Principal.anonymous(), at);
  }
}

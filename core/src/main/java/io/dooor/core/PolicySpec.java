package io.dooor.core;

import java.time.Duration;
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
    Duration challengeTtl) {}

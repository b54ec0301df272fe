package io.dooor.client;

import io.dooor.core.PolicySpec;
import io.dooor.core.TeeType;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy JSON of {@code PUT /v1/policies/{workload}} (and of {@code dooor attest verify
 * --policy}) as a {@link PolicySpec}, with the API's defaults; a bad field is a 400 naming it.
 */
public final class PolicyBodies {
  private PolicyBodies() {}

  /** The spec for {@code workload}; defaults: TCB UpToDate/NotApplicable, TTLs 3600 s and 300 s. */
  public static PolicySpec spec(String workload, Dto.PolicyBody b) throws ApiProblem {
    if (b.allowedTeeTypes() == null || b.allowedTeeTypes().isEmpty()) {
      throw ApiProblem.badField("allowed_tee_types", "field 'allowed_tee_types' is required");
    }
    Set<TeeType> types = new HashSet<>();
    for (String t : b.allowedTeeTypes()) {
      try {
        types.add(TeeType.parse(t));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.badField("allowed_tee_types", e.getMessage());
      }
    }
    Map<String, Set<String>> refs = new HashMap<>();
    if (b.referenceValues() != null) {
      b.referenceValues().forEach((k, v) -> refs.put(k, Set.copyOf(v)));
    }
    List<String> tcb =
        b.acceptedTcbStatuses() == null
            ? List.of("UpToDate", "NotApplicable")
            : b.acceptedTcbStatuses();
    return new PolicySpec(
        workload,
        types,
        refs,
        b.minimums() == null ? Map.of() : b.minimums(),
        Set.copyOf(tcb),
        Boolean.TRUE.equals(b.allowDebug()),
        seconds("attestation_ttl_seconds", b.attestationTtlSeconds(), 3600),
        seconds("challenge_ttl_seconds", b.challengeTtlSeconds(), 300));
  }

  private static Duration seconds(String field, Long value, long dflt) throws ApiProblem {
    long v = value == null ? dflt : value;
    if (v <= 0 || v > 366L * 24 * 3600) {
      throw ApiProblem.badField(field, "field '" + field + "' must be 1 to 31622400 seconds");
    }
    return Duration.ofSeconds(v);
  }
}

package io.dooor.client;

import io.dooor.core.AutoDeactivation;
import io.dooor.core.Identifiers;
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
 * --policy}) as a {@link PolicySpec}, with the API's defaults; a bad field is a 400 naming it:
 * every name and value passes the one identifier rule ({@link Identifiers}) within {@link
 * #MAX_TEXT} bytes, and no list or map has more than {@link #MAX_ENTRIES} entries.
 */
public final class PolicyBodies {
  /** Longest name or value in a policy, in UTF-8 bytes (a SHA-512 measurement is 128 hex). */
  public static final int MAX_TEXT = 256;

  /** Most entries in one list or map of a policy. */
  public static final int MAX_ENTRIES = 64;

  private PolicyBodies() {}

  /** The spec for {@code workload}; defaults: TCB UpToDate/NotApplicable, TTLs 3600 s and 300 s. */
  public static PolicySpec spec(String workload, Dto.PolicyBody b) throws ApiProblem {
    List<String> tcb =
        b.acceptedTcbStatuses() == null
            ? List.of("UpToDate", "NotApplicable")
            : texts("accepted_tcb_statuses", b.acceptedTcbStatuses());
    return new PolicySpec(
        workload,
        types(b.allowedTeeTypes()),
        references(b.referenceValues()),
        minimums(b.minimums()),
        Set.copyOf(tcb),
        Boolean.TRUE.equals(b.allowDebug()),
        seconds("attestation_ttl_seconds", b.attestationTtlSeconds(), 3600),
        seconds("challenge_ttl_seconds", b.challengeTtlSeconds(), 300),
        autoDeactivation(b));
  }

  /** Most consecutive failed attestations a policy may allow before deactivating. */
  public static final int MAX_FAILED_ATTESTATIONS = 1000;

  /**
   * The automatic decisions; defaults: never by time or count (0), always for a Revoked TCB. A
   * grace is 0 (never) or 1 to 31622400 seconds; a maximum 0 (never) to {@value
   * #MAX_FAILED_ATTESTATIONS}.
   */
  private static AutoDeactivation autoDeactivation(Dto.PolicyBody b) throws ApiProblem {
    Long grace = b.unreachableGraceSeconds();
    Duration g =
        grace == null || grace == 0
            ? Duration.ZERO
            : seconds("unreachable_grace_seconds", grace, 0);
    Integer max = b.maxFailedAttestations();
    if (max != null && (max < 0 || max > MAX_FAILED_ATTESTATIONS)) {
      throw ApiProblem.badField(
          "max_failed_attestations",
          "field 'max_failed_attestations' must be 0 (never) to " + MAX_FAILED_ATTESTATIONS);
    }
    return new AutoDeactivation(
        g, max == null ? 0 : max, !Boolean.FALSE.equals(b.deactivateOnTcbRevoked()));
  }

  private static Set<TeeType> types(List<String> names) throws ApiProblem {
    if (names == null || names.isEmpty()) {
      throw ApiProblem.badField("allowed_tee_types", "field 'allowed_tee_types' is required");
    }
    Set<TeeType> types = new HashSet<>();
    for (String t : texts("allowed_tee_types", names)) {
      try {
        types.add(TeeType.parse(t));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.badField("allowed_tee_types", e.getMessage());
      }
    }
    return types;
  }

  private static Map<String, Set<String>> references(Map<String, List<String>> refs)
      throws ApiProblem {
    Map<String, Set<String>> out = new HashMap<>();
    if (refs != null) {
      count("reference_values", refs.size());
      for (Map.Entry<String, List<String>> e : refs.entrySet()) {
        String key = text("reference_values", e.getKey());
        out.put(key, Set.copyOf(texts("reference_values." + key, e.getValue())));
      }
    }
    return out;
  }

  private static Map<String, Long> minimums(Map<String, Long> minimums) throws ApiProblem {
    if (minimums == null) {
      return Map.of();
    }
    count("minimums", minimums.size());
    for (Map.Entry<String, Long> e : minimums.entrySet()) {
      text("minimums", e.getKey());
      if (e.getValue() < 0) {
        throw ApiProblem.badField("minimums." + e.getKey(), "minimums must not be negative");
      }
    }
    return Map.copyOf(minimums);
  }

  private static List<String> texts(String field, List<String> values) throws ApiProblem {
    count(field, values.size());
    for (String v : values) {
      text(field, v);
    }
    return values;
  }

  private static String text(String field, String value) throws ApiProblem {
    try {
      return Identifiers.check(field, value, MAX_TEXT);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField(field, e.getMessage());
    }
  }

  private static void count(String field, int n) throws ApiProblem {
    if (n > MAX_ENTRIES) {
      throw ApiProblem.badField(
          field, "field '" + field + "' has " + n + " entries, at most " + MAX_ENTRIES);
    }
  }

  private static Duration seconds(String field, Long value, long dflt) throws ApiProblem {
    long v = value == null ? dflt : value;
    if (v <= 0 || v > 366L * 24 * 3600) {
      throw ApiProblem.badField(field, "field '" + field + "' must be 1 to 31622400 seconds");
    }
    return Duration.ofSeconds(v);
  }
}

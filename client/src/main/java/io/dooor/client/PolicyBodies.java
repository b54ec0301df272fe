package io.dooor.client;

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
        seconds("challenge_ttl_seconds", b.challengeTtlSeconds(), 300));
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

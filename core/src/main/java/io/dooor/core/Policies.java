package io.dooor.core;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Builds versioned policies from controller specs, normalising names and hex values. */
final class Policies {
  private Policies() {}

  static Policy fromSpec(PolicySpec spec, long version, Principal by, Instant at) {
    Map<String, Set<String>> refs = new HashMap<>();
    spec.referenceValues()
        .forEach(
            (name, values) -> {
              Set<String> norm = new HashSet<>();
              for (String v : values) {
                norm.add(hex(name, v));
              }
              refs.put(name.toUpperCase(Locale.ROOT), norm);
            });
    Map<String, Long> mins = new HashMap<>();
    spec.minimums().forEach((name, v) -> mins.put(name.toUpperCase(Locale.ROOT), v));
    return new Policy(
        spec.workload(),
        version,
        spec.allowedTypes(),
        refs,
        mins,
        spec.acceptedTcbStatuses(),
        spec.allowDebug(),
        spec.attestationTtl(),
        spec.challengeTtl(),
        spec.autoDeactivation(),
        by,
        at);
  }

  private static String hex(String name, String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (v.isEmpty()
        || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)
        || v.length() % 2 != 0) {
      throw new IllegalArgumentException("reference value for " + name + " is not hex: " + value);
    }
    return v;
  }
}

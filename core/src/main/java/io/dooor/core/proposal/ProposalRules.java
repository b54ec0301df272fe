package io.dooor.core.proposal;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How many controller approvals each kind of change needs, and how long a proposal waits for them.
 * A kind not named needs 1: the change applies at once, as a single controller's request.
 */
public record ProposalRules(Map<ProposalKind, Integer> thresholds, Duration ttl) {
  /** How long a proposal waits by default: 7 days. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(7);

  public ProposalRules {
    EnumMap<ProposalKind, Integer> copy = new EnumMap<>(ProposalKind.class);
    thresholds.forEach(
        (k, m) -> {
          if (m < 1 || m > 64) {
            throw new IllegalArgumentException(
                "approvals for " + k.wireName() + " must be 1 to 64, not " + m);
          }
          copy.put(k, m);
        });
    thresholds = java.util.Collections.unmodifiableMap(copy);
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("proposal ttl must be positive");
    }
  }

  /** Every kind needs one approval (a single controller changes the rules, as before). */
  public static ProposalRules single() {
    return new ProposalRules(Map.of(), DEFAULT_TTL);
  }

  /** The approvals {@code kind} needs. */
  public int threshold(ProposalKind kind) {
    return thresholds.getOrDefault(kind, 1);
  }

  /**
   * Rules from {@code KIND=M} texts (e.g. {@code policy=2}; {@code all=2} sets every kind, later
   * entries override earlier ones).
   *
   * @throws IllegalArgumentException naming the text that is not one
   */
  public static ProposalRules parse(List<String> texts, Duration ttl) {
    Map<ProposalKind, Integer> out = new EnumMap<>(ProposalKind.class);
    for (String t : texts) {
      int eq = t.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("'" + t + "' is not KIND=M (e.g. policy=2)");
      }
      int m = count(t.substring(eq + 1), t);
      String kind = t.substring(0, eq).trim();
      if (kind.equalsIgnoreCase("all")) {
        for (ProposalKind k : ProposalKind.values()) {
          out.put(k, m);
        }
      } else {
        out.put(ProposalKind.parse(kind), m);
      }
    }
    return new ProposalRules(out, ttl);
  }

  private static int count(String m, String whole) {
    try {
      return Integer.parseInt(m.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + whole + "': M must be a number of approvals", e);
    }
  }
}

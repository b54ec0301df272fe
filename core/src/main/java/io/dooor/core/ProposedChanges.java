package io.dooor.core;

import io.dooor.core.proposal.ChangeText;
import io.dooor.core.proposal.ChangeText.Line;
import io.dooor.core.proposal.ProposalKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The canonical {@link ChangeText} of the changes the control plane itself applies through
 * proposals: a workload policy (POLICY) and a role grant or revoke (ROLE_GRANT). Sets and maps are
 * written sorted, so one change has one encoding and one SHA-256.
 */
public final class ProposedChanges {
  private ProposedChanges() {}

  /** What a ROLE_GRANT proposal asks: add or remove {@code role} of {@code who}. */
  public record RoleChange(boolean grant, Principal who, Role role) {
    public String op() {
      return grant ? "grant" : "revoke";
    }
  }

  public static ChangeText policy(PolicySpec s) {
    List<Line> out = new ArrayList<>();
    out.add(line("workload", s.workload()));
    new TreeSet<>(s.allowedTypes().stream().map(TeeType::wireName).toList())
        .forEach(t -> out.add(line("tee_type", t)));
    new TreeMap<>(s.referenceValues())
        .forEach((k, vs) -> new TreeSet<>(vs).forEach(v -> out.add(line("reference_value", k, v))));
    new TreeMap<>(s.minimums()).forEach((k, v) -> out.add(line("minimum", k, Long.toString(v))));
    new TreeSet<>(s.acceptedTcbStatuses()).forEach(t -> out.add(line("tcb_status", t)));
    out.add(line("allow_debug", Boolean.toString(s.allowDebug())));
    out.add(line("attestation_ttl", s.attestationTtl().toString()));
    out.add(line("challenge_ttl", s.challengeTtl().toString()));
    AutoDeactivation a = s.autoDeactivation();
    out.add(line("unreachable_grace", a.unreachableGrace().toString()));
    out.add(line("max_failed_attestations", Integer.toString(a.maxFailedAttestations())));
    out.add(line("deactivate_on_tcb_revoked", Boolean.toString(a.onTcbRevoked())));
    return new ChangeText(ProposalKind.POLICY, out);
  }

  /**
   * The policy spec a POLICY change names.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static PolicySpec policySpec(ChangeText c) {
    try {
      return decodePolicy(c);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("change has a duration that is not ISO-8601", e);
    }
  }

  private static PolicySpec decodePolicy(ChangeText c) {
    kind(c, ProposalKind.POLICY);
    Set<TeeType> types = new HashSet<>();
    c.all("tee_type").forEach(l -> types.add(TeeType.parse(l.value())));
    Map<String, Set<String>> refs = new LinkedHashMap<>();
    for (Line l : c.all("reference_value")) {
      refs.computeIfAbsent(field(l, 0, 2), k -> new HashSet<>()).add(field(l, 1, 2));
    }
    Map<String, Long> mins = new LinkedHashMap<>();
    c.all("minimum").forEach(l -> mins.put(field(l, 0, 2), Long.parseLong(field(l, 1, 2))));
    Set<String> tcb = new HashSet<>();
    c.all("tcb_status").forEach(l -> tcb.add(l.value()));
    PolicySpec spec =
        new PolicySpec(
            c.one("workload"),
            types,
            refs,
            mins,
            tcb,
            bool(c.one("allow_debug")),
            Duration.parse(c.one("attestation_ttl")),
            Duration.parse(c.one("challenge_ttl")),
            new AutoDeactivation(
                Duration.parse(c.one("unreachable_grace")),
                Integer.parseInt(c.one("max_failed_attestations")),
                bool(c.one("deactivate_on_tcb_revoked"))));
    same(c, policy(spec));
    return spec;
  }

  public static ChangeText role(RoleChange r) {
    return new ChangeText(
        ProposalKind.ROLE_GRANT,
        List.of(
            line("op", r.op()),
            line("principal", r.who().toString()),
            line("role", r.role().name().toLowerCase(java.util.Locale.ROOT))));
  }

  /** The role change a ROLE_GRANT change names. */
  public static RoleChange roleChange(ChangeText c) {
    kind(c, ProposalKind.ROLE_GRANT);
    String op = c.one("op");
    if (!op.equals("grant") && !op.equals("revoke")) {
      throw new IllegalArgumentException("role change op must be grant or revoke");
    }
    RoleChange r =
        new RoleChange(
            op.equals("grant"),
            Principal.parse(c.one("principal")),
            Role.valueOf(c.one("role").toUpperCase(java.util.Locale.ROOT)));
    same(c, role(r));
    return r;
  }

  private static void kind(ChangeText c, ProposalKind k) {
    if (c.kind() != k) {
      throw new IllegalArgumentException("change is " + c.kind().wireName() + ", not " + k);
    }
  }

  /** Refuses a change with lines its decoding ignored, or in another order than the canonical. */
  private static void same(ChangeText c, ChangeText canonical) {
    if (!c.equals(canonical)) {
      throw new IllegalArgumentException("change is not in its canonical order or has extra lines");
    }
  }

  private static boolean bool(String v) {
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("'" + v + "' is not true or false");
    }
    return v.equals("true");
  }

  private static String field(Line l, int i, int count) {
    if (l.fields().size() != count) {
      throw new IllegalArgumentException(
          "change line '" + l.key() + "' needs " + count + " fields");
    }
    return l.fields().get(i);
  }

  private static Line line(String key, String... fields) {
    return new Line(key, List.of(fields));
  }
}

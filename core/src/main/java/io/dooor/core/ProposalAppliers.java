package io.dooor.core;

import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.ProposedChanges.RoleChange;
import io.dooor.core.proposal.ChangeText;
import io.dooor.core.proposal.ProposalApplier;
import java.util.Locale;
import java.util.Map;

/** The appliers of the changes the control plane itself holds: policies and roles. */
final class ProposalAppliers {
  private ProposalAppliers() {}

  /** POLICY: the workload's policy becomes the next version, by the proposer. */
  static ProposalApplier policy() {
    return (tx, change, proposer, now) -> {
      PolicySpec spec = ProposedChanges.policySpec(parse(change));
      long version = tx.policy(spec.workload()).map(Policy::version).orElse(0L) + 1;
      Policy p;
      try {
        p = Policies.fromSpec(spec, version, proposer, now);
      } catch (IllegalArgumentException e) {
        throw new ControlPlaneException(Reason.INVALID_ARGUMENT, e.getMessage());
      }
      tx.putPolicy(p);
      return Map.of(
          "change", "policy.set", "workload", spec.workload(), "version", Long.toString(version));
    };
  }

  /** ROLE_GRANT: the role is added or removed (never the last controller's). */
  static ProposalApplier role() {
    return (tx, change, proposer, now) -> {
      RoleChange r = ProposedChanges.roleChange(parse(change));
      if (r.grant()) {
        tx.addRole(r.who(), r.role());
      } else {
        Access.requireRevocable(tx, r.who(), r.role());
        tx.removeRole(r.who(), r.role());
      }
      return Map.of(
          "change",
          "principal." + r.op(),
          "principal",
          r.who().toString(),
          "role",
          r.role().name().toLowerCase(Locale.ROOT));
    };
  }

  private static ChangeText parse(io.dooor.common.Bytes change) throws ControlPlaneException {
    try {
      return ChangeText.parse(change);
    } catch (IllegalArgumentException e) {
      throw new ControlPlaneException(Reason.INVALID_ARGUMENT, "change: " + e.getMessage());
    }
  }
}

package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.VerifiedEvidence;
import java.util.ArrayList;
import java.util.List;

/** The checks of admission that need no state: allowed TEE type, binding and policy (DESIGN §3). */
final class AdmissionChecks {
  private AdmissionChecks() {}

  static void requireAllowedType(Policy policy, TeeType type) throws ControlPlaneException {
    if (!policy.allowedTypes().contains(type)) {
      String why =
          "policy " + policy.workload() + " v" + policy.version() + " refuses " + type.wireName();
      throw new ControlPlaneException(Reason.POLICY_REFUSED, why, List.of("tee_type: " + why));
    }
  }

  /**
   * The binding and the policy, both evaluated so that a refusal names every failed check: a
   * binding mismatch alone is BINDING_MISMATCH naming only {@code report_data_binding}, which shows
   * that the policy admitted the verified claims; with policy failures too it names them all.
   */
  static void requireAdmissible(
      VerifiedEvidence evidence, Challenge challenge, Node node, Policy policy)
      throws ControlPlaneException {
    Bytes expected = ReportDataBinding.expected(challenge.nonce(), node.nodeKey().spki());
    requireBoundAndAdmitted(
        evidence,
        expected,
        policy,
        "report_data_binding",
        "report_data does not equal SHA-512(challenge nonce || SHA-256(node key)) (wrong nonce,"
            + " stale evidence, or another key)");
  }

  /**
   * The initial report of register_tee_node: its report data must bind the node key (SHA-512(32
   * zero bytes || SHA-256(node key)), {@link ReportDataBinding#initial}) and the policy must admit
   * its claims; a refusal names every failed check ({@code initial_report_binding} for the key).
   */
  static void requireInitialReport(VerifiedEvidence evidence, Node node, Policy policy)
      throws ControlPlaneException {
    requireBoundAndAdmitted(
        evidence,
        ReportDataBinding.initial(node.nodeKey().spki()),
        policy,
        "initial_report_binding",
        "the initial report's report_data does not equal SHA-512(32 zero bytes || SHA-256(node"
            + " key)): it does not bind the registered node key");
  }

  private static void requireBoundAndAdmitted(
      VerifiedEvidence evidence, Bytes expected, Policy policy, String check, String why)
      throws ControlPlaneException {
    boolean bound = expected.equals(evidence.reportData());
    List<String> failures = new ArrayList<>();
    if (!bound) {
      failures.add(check);
    }
    failures.addAll(PolicyEvaluator.failures(policy, evidence));
    if (!bound) {
      throw new ControlPlaneException(
          Reason.BINDING_MISMATCH, why + "; failed checks: " + failures, failures);
    }
    if (!failures.isEmpty()) {
      throw new ControlPlaneException(
          Reason.POLICY_REFUSED, "policy refuses the evidence: " + failures, failures);
    }
  }
}

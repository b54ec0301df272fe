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
    boolean bound = expected.equals(evidence.reportData());
    List<String> failures = new ArrayList<>();
    if (!bound) {
      failures.add("report_data_binding");
    }
    failures.addAll(PolicyEvaluator.failures(policy, evidence));
    if (!bound) {
      throw new ControlPlaneException(
          Reason.BINDING_MISMATCH,
          "report_data does not equal SHA-512(challenge nonce || SHA-256(node key)) (wrong nonce,"
              + " stale evidence, or another key); failed checks: "
              + failures,
          failures);
    }
    if (!failures.isEmpty()) {
      throw new ControlPlaneException(
          Reason.POLICY_REFUSED, "policy refuses the evidence: " + failures, failures);
    }
  }
}

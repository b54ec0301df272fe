package io.dooor.server.keyshare;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.Policy;
import io.dooor.core.PolicyEvaluator;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.time.Instant;
import java.util.List;

/**
 * Judges a peer's attestation evidence, the key-share holder's (by the control plane, against the
 * holder policy) or the control plane's (by a holder, against its control-plane policy), the way
 * node admission does: verified by the attestation verifiers (signature, chain, collateral, TCB),
 * its report data equal to the binding of the asker's nonce and the peer's key ({@code
 * ReportDataBinding}), and its claims accepted by the policy ({@link PolicyEvaluator}: TEE kinds,
 * reference measurements, minimum TCB numbers, TCB statuses, debug). Every failed check is named.
 */
public final class PeerEvidence {
  private PeerEvidence() {}

  /**
   * The verified evidence, if it passes every check as of {@code at}.
   *
   * @throws ControlPlaneException EVIDENCE_INVALID (with the verifier's failed checks),
   *     BINDING_MISMATCH, or POLICY_REFUSED naming every failed policy check
   */
  public static VerifiedEvidence judge(
      EvidenceVerifier verifier,
      Policy policy,
      TeeType type,
      Bytes evidence,
      Bytes expectedReportData,
      Instant at)
      throws ControlPlaneException {
    if (!policy.allowedTypes().contains(type)) {
      // refused before any parsing: a production policy never looks at sim evidence
      throw new ControlPlaneException(
          Reason.POLICY_REFUSED,
          "policy " + policy.workload() + " refuses " + type.wireName() + " evidence",
          List.of(
              "tee_type: "
                  + type.wireName()
                  + " not allowed by policy "
                  + policy.workload()
                  + " v"
                  + policy.version()));
    }
    VerifiedEvidence v;
    try {
      v = verifier.verify(type, evidence, at);
    } catch (EvidenceException e) {
      throw new ControlPlaneException(
          Reason.EVIDENCE_INVALID,
          type.wireName() + " evidence does not verify: " + e.getMessage(),
          e.failedChecks());
    }
    if (!v.reportData().equals(expectedReportData)) {
      throw new ControlPlaneException(
          Reason.BINDING_MISMATCH,
          "report data does not bind the nonce and the key (expected SHA-512(nonce ||"
              + " SHA-256(key)))",
          List.of("report_data"));
    }
    List<String> failed = PolicyEvaluator.failures(policy, v);
    if (!failed.isEmpty()) {
      throw new ControlPlaneException(
          Reason.POLICY_REFUSED,
          "policy " + policy.workload() + " refuses the evidence: " + String.join("; ", failed),
          failed);
    }
    return v;
  }
}

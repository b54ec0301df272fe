package io.dooor.core;

import io.dooor.common.Bytes;
import java.time.Instant;
import java.util.Map;

/**
 * A node's last verified evidence, kept so that the fleet can be judged again (issue 12): the
 * bytes, to verify them again against current collateral at the current time, and the verified
 * claims that {@link Node} does not carry (numeric claims for the policy's minimums, debug mode),
 * to judge them again under a new policy without the TEE. Written only with a successful
 * verify_attestation, from what the verifier vouched for.
 *
 * @param nodeId the node
 * @param evidence the evidence bytes as presented
 * @param numbers the verified numeric claims (e.g. ISVSVN, GUEST_SVN)
 * @param debug whether the verified TEE runs in debug mode
 * @param collateralVersion the verifier's collateral version for the node's TEE type when the
 *     evidence was last verified ({@code EvidenceVerifier#collateralVersion}); verified again when
 *     it changes
 * @param verifiedAt when the evidence was last verified
 */
public record NodeEvidence(
    NodeId nodeId,
    Bytes evidence,
    Map<String, Long> numbers,
    boolean debug,
    String collateralVersion,
    Instant verifiedAt) {

  public NodeEvidence {
    numbers = Map.copyOf(numbers);
  }

  /** This evidence verified again at {@code at} under collateral {@code version}. */
  NodeEvidence reverified(String version, Instant at) {
    return new NodeEvidence(nodeId, evidence, numbers, debug, version, at);
  }
}

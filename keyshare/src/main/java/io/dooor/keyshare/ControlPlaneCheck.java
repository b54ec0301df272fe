package io.dooor.keyshare;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.TeeType;
import java.time.Instant;

/**
 * How a key-share holder judges the control plane's evidence before answering it (issue 16): the
 * deployment supplies the attestation verifiers and the holder's control-plane policy.
 */
@FunctionalInterface
public interface ControlPlaneCheck {
  /**
   * Verifies {@code evidence} of {@code type}, that its report data is {@code expectedReportData}
   * and that the holder's control-plane policy accepts its claims, as of {@code at}.
   *
   * @return until when the control plane counts as attested
   * @throws ControlPlaneException naming every failed check (EVIDENCE_INVALID, BINDING_MISMATCH,
   *     POLICY_REFUSED)
   */
  Instant check(TeeType type, Bytes evidence, Bytes expectedReportData, Instant at)
      throws ControlPlaneException;
}

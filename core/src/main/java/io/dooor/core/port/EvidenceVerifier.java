package io.dooor.core.port;

import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import java.time.Instant;

/**
 * Verifies attestation evidence of one or more TEE types: parses it by its own length fields,
 * checks signatures, the certificate chain to the pinned vendor root, revocation, collateral and
 * TCB status, all as of {@code at}. Policy (reference values, accepted TCB statuses, debug) is
 * evaluated by the control plane from the returned claims.
 */
public interface EvidenceVerifier {
  /** Whether this verifier handles {@code type}. */
  boolean supports(TeeType type);

  /**
   * Verifies {@code evidence} of the given type as of {@code at}.
   *
   * @throws EvidenceException naming every failed check
   */
  VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at) throws EvidenceException;
}

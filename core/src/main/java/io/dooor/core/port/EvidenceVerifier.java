package io.dooor.core.port;

import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import java.time.Instant;

/**
 * Verifies attestation evidence of one or more TEE types: parses it by its own length fields,
 * checks signatures, the certificate chain to the pinned vendor root, revocation, collateral and
 * TCB status, all as of {@code at}. Policy (reference values, accepted TCB statuses, debug) is
 * evaluated by the control plane from the returned claims.
 *
 * <p>An abstract class rather than an interface so that {@link VerifiedEvidence} has one maker:
 * {@link #verified}, visible only to verifiers (STYLE §2). Test doubles are subclasses injected
 * where a verifier is expected (STYLE §3).
 */
public abstract class EvidenceVerifier {
  /** For subclasses: each is a verifier, and only verifiers mint verified evidence. */
  protected EvidenceVerifier() {}

  /** Whether this verifier handles {@code type}. */
  public abstract boolean supports(TeeType type);

  /**
   * Verifies {@code evidence} of the given type as of {@code at}.
   *
   * @throws EvidenceException naming every failed check
   */
  public abstract VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at)
      throws EvidenceException;

  /**
   * The version of the collateral (TCB info, QE identity, CRLs, endorsement certificates) this
   * verifier now judges {@code type} evidence by: it changes whenever a refresh brings collateral
   * that could change a verdict, and the control plane then verifies the kept evidence of every
   * node of that type again, at the current time (issue 12: a TCB status that becomes Revoked).
   * Constant ("" here) for verifiers without refreshable collateral.
   */
  public String collateralVersion(TeeType type) {
    return "";
  }

  /** {@code claims} vouched for: call only once every check of the evidence has passed. */
  protected static VerifiedEvidence verified(EvidenceClaims claims) {
    return new VerifiedEvidence(claims);
  }
}

package io.dooor.attestation;

import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.time.Instant;
import java.util.List;

/**
 * The attestation facade: routes evidence to the verifier of its TEE type (sim, tdx, sgx, snp,
 * nitro). A type with no configured verifier is refused, never passed.
 */
public final class AttestationVerifier extends EvidenceVerifier {
  private final List<EvidenceVerifier> verifiers;

  public AttestationVerifier(List<EvidenceVerifier> verifiers) {
    this.verifiers = List.copyOf(verifiers);
  }

  @Override
  public boolean supports(TeeType type) {
    return verifiers.stream().anyMatch(v -> v.supports(type));
  }

  /** The collateral version of the verifier that handles {@code type}, or "" if none does. */
  @Override
  public String collateralVersion(TeeType type) {
    for (EvidenceVerifier v : verifiers) {
      if (v.supports(type)) {
        return v.collateralVersion(type);
      }
    }
    return "";
  }

  @Override
  public VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at)
      throws EvidenceException {
    for (EvidenceVerifier v : verifiers) {
      if (v.supports(type)) {
        return v.verify(type, evidence, at);
      }
    }
    throw new EvidenceException(
        EvidenceException.Reason.UNSUPPORTED_FORMAT,
        "no verifier configured for " + type.wireName() + " evidence");
  }
}

package io.dooor.attestation.snp;

import io.dooor.core.port.EvidenceException;
import java.util.Optional;

/**
 * One check run on SNP evidence.
 *
 * @param name stable check name, e.g. "report_signature_by_vcek_p384"
 * @param passed whether it passed
 * @param fatal whether failing it refuses the evidence (non-fatal checks inform the TCB status)
 * @param detail what was compared, or why it failed
 * @param reason the evidence failure class when it failed fatally; null otherwise
 */
public record SnpCheck(
    String name, boolean passed, boolean fatal, String detail, EvidenceException.Reason reason) {
  public SnpCheck {
    if (name.isEmpty() || (!passed && fatal && reason == null)) {
      throw new IllegalArgumentException("check needs a name, and a reason when it fails");
    }
  }

  static SnpCheck pass(String name, String detail) {
    return new SnpCheck(name, true, true, detail, null);
  }

  static SnpCheck fail(String name, EvidenceException.Reason reason, String detail) {
    return new SnpCheck(name, false, true, detail, reason);
  }

  static SnpCheck advisory(String name, boolean passed, String detail) {
    return new SnpCheck(name, passed, false, detail, null);
  }

  /** The failure class, when this check failed fatally. */
  public Optional<EvidenceException.Reason> failure() {
    return passed || !fatal ? Optional.empty() : Optional.of(reason);
  }
}

package io.dooor.attestation.nitro;

import io.dooor.core.port.EvidenceException;
import java.util.Optional;

/**
 * One check run on Nitro document.
 *
 * @param name stable check name, e.g. "cose_sign1_es384_signature_leaf_key"
 * @param passed whether it passed
 * @param fatal whether failing it refuses the evidence (non-fatal checks inform the TCB status)
 * @param detail what was compared, or why it failed
 * @param reason the evidence failure class when it failed fatally; null otherwise
 */
public record NitroCheck(
    String name, boolean passed, boolean fatal, String detail, EvidenceException.Reason reason) {
  public NitroCheck {
    if (name.isEmpty() || (!passed && fatal && reason == null)) {
      throw new IllegalArgumentException("check needs a name, and a reason when it fails");
    }
  }

  static NitroCheck pass(String name, String detail) {
    return new NitroCheck(name, true, true, detail, null);
  }

  static NitroCheck fail(String name, EvidenceException.Reason reason, String detail) {
    return new NitroCheck(name, false, true, detail, reason);
  }

  static NitroCheck advisory(String name, boolean passed, String detail) {
    return new NitroCheck(name, passed, false, detail, null);
  }

  /** The failure class, when this check failed fatally. */
  public Optional<EvidenceException.Reason> failure() {
    return passed || !fatal ? Optional.empty() : Optional.of(reason);
  }
}

package io.dooor.attestation.dcap;

import java.util.Optional;

/**
 * One verification step and its outcome, as the CLI prints it.
 *
 * @param name stable check name (e.g. "quote_signature", "pck_chain", "tcb_info_signature")
 * @param failure the failure class if the check failed, empty if it passed
 * @param detail what was checked or why it failed
 */
public record Check(String name, Optional<DcapException.Reason> failure, String detail) {
  public static Check pass(String name, String detail) {
    return new Check(name, Optional.empty(), detail);
  }

  public static Check fail(String name, DcapException.Reason reason, String detail) {
    return new Check(name, Optional.of(reason), detail);
  }

  public boolean passed() {
    return failure.isEmpty();
  }
}

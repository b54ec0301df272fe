package io.dooor.attestation.dcap;

import java.util.List;
import java.util.Optional;

/**
 * Everything {@link DcapEvidenceVerifier#inspect} found: the parsed quote (if it parsed), every
 * check with its outcome, and the verified quote when every check passed. For the CLI's readable
 * verdict; admission uses {@link DcapEvidenceVerifier#verifyQuote}.
 */
public record QuoteReport(
    Optional<DcapQuote> quote, List<Check> checks, Optional<VerifiedQuote> verified) {
  public QuoteReport {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return verified.isPresent();
  }

  /** The names of the failed checks, in the order they ran. */
  public List<String> failedChecks() {
    return checks.stream().filter(c -> !c.passed()).map(Check::name).toList();
  }
}

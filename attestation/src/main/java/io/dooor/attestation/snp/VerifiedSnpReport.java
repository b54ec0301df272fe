package io.dooor.attestation.snp;

import io.dooor.attestation.pki.VerifiedChain;
import java.util.List;
import java.util.Map;

/**
 * An SNP report whose signature, signing-key chain to the pinned ARK, chip binding and TCB were
 * verified by {@link SnpReportVerifier}.
 *
 * @param reportedTcb REPORTED_TCB decoded in the product's layout
 * @param certifiedTcb the TCB in the VCEK/VLEK extensions
 * @param tcbStatus "UpToDate" when the certified TCB meets the reported one, else "OutOfDate"
 * @param checks every check run, in order
 * @param collateralDigests SHA-256 hex of each certificate/CRL used, by role
 */
public record VerifiedSnpReport(
    SnpReport report,
    SnpProduct product,
    SnpReport.SigningKey signingKey,
    SigningKeyExtensions extensions,
    TcbVersion reportedTcb,
    TcbVersion currentTcb,
    TcbVersion certifiedTcb,
    VerifiedChain chain,
    String tcbStatus,
    List<SnpCheck> checks,
    Map<String, String> collateralDigests) {
  public VerifiedSnpReport {
    checks = List.copyOf(checks);
    collateralDigests = Map.copyOf(collateralDigests);
    if (checks.stream().anyMatch(c -> c.failure().isPresent())) {
      throw new IllegalArgumentException("a verified report cannot carry a failed check");
    }
  }

  public boolean debug() {
    return report.debugAllowed();
  }
}

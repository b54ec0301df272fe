package io.dooor.attestation.snp;

import io.dooor.attestation.pki.VerifiedChain;
import java.util.List;
import java.util.Map;

/**
 * An SNP report whose signature, signing-key chain to the pinned ARK, chip binding and TCB were
 * verified by {@link SnpReportVerifier}.
 */
public final class VerifiedSnpReport {
  private final SnpReport report;
  private final SnpProduct product;
  private final SnpReport.SigningKey signingKey;
  private final SigningKeyExtensions extensions;
  private final TcbVersion reportedTcb;
  private final TcbVersion currentTcb;
  private final TcbVersion certifiedTcb;
  private final VerifiedChain chain;
  private final String tcbStatus;
  private final List<SnpCheck> checks;
  private final Map<String, String> collateralDigests;

  /**
   * Package-private: only {@link SnpReportVerifier} (same package) makes one, after its checks
   * passed.
   *
   * @param reportedTcb REPORTED_TCB decoded in the product's layout
   * @param certifiedTcb the TCB in the VCEK/VLEK extensions
   * @param tcbStatus "UpToDate" when the certified TCB meets the reported one, else "OutOfDate"
   * @param checks every check run, in order
   * @param collateralDigests SHA-256 hex of each certificate/CRL used, by role
   */
  VerifiedSnpReport(
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
    checks = List.copyOf(checks);
    collateralDigests = Map.copyOf(collateralDigests);
    if (checks.stream().anyMatch(c -> c.failure().isPresent())) {
      throw new IllegalArgumentException("a verified report cannot carry a failed check");
    }
    this.report = report;
    this.product = product;
    this.signingKey = signingKey;
    this.extensions = extensions;
    this.reportedTcb = reportedTcb;
    this.currentTcb = currentTcb;
    this.certifiedTcb = certifiedTcb;
    this.chain = chain;
    this.tcbStatus = tcbStatus;
    this.checks = checks;
    this.collateralDigests = collateralDigests;
  }

  public SnpReport report() {
    return report;
  }

  public SnpProduct product() {
    return product;
  }

  public SnpReport.SigningKey signingKey() {
    return signingKey;
  }

  public SigningKeyExtensions extensions() {
    return extensions;
  }

  public TcbVersion reportedTcb() {
    return reportedTcb;
  }

  public TcbVersion currentTcb() {
    return currentTcb;
  }

  public TcbVersion certifiedTcb() {
    return certifiedTcb;
  }

  public VerifiedChain chain() {
    return chain;
  }

  public String tcbStatus() {
    return tcbStatus;
  }

  public List<SnpCheck> checks() {
    return checks;
  }

  public Map<String, String> collateralDigests() {
    return collateralDigests;
  }

  public boolean debug() {
    return report.debugAllowed();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedSnpReport o
        && java.util.Objects.equals(report, o.report)
        && java.util.Objects.equals(product, o.product)
        && java.util.Objects.equals(signingKey, o.signingKey)
        && java.util.Objects.equals(extensions, o.extensions)
        && java.util.Objects.equals(reportedTcb, o.reportedTcb)
        && java.util.Objects.equals(currentTcb, o.currentTcb)
        && java.util.Objects.equals(certifiedTcb, o.certifiedTcb)
        && java.util.Objects.equals(chain, o.chain)
        && java.util.Objects.equals(tcbStatus, o.tcbStatus)
        && java.util.Objects.equals(checks, o.checks)
        && java.util.Objects.equals(collateralDigests, o.collateralDigests);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        report,
        product,
        signingKey,
        extensions,
        reportedTcb,
        currentTcb,
        certifiedTcb,
        chain,
        tcbStatus,
        checks,
        collateralDigests);
  }

  @Override
  public String toString() {
    return "VerifiedSnpReport[report="
        + report
        + ", product="
        + product
        + ", signingKey="
        + signingKey
        + ", extensions="
        + extensions
        + ", reportedTcb="
        + reportedTcb
        + ", currentTcb="
        + currentTcb
        + ", certifiedTcb="
        + certifiedTcb
        + ", chain="
        + chain
        + ", tcbStatus="
        + tcbStatus
        + ", checks="
        + checks
        + ", collateralDigests="
        + collateralDigests
        + "]";
  }
}

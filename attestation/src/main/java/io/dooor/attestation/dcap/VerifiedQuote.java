package io.dooor.attestation.dcap;

import io.dooor.attestation.intel.TcbStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A DCAP quote whose signatures, PCK chain, revocation, collateral, QE identity, TDX module and TCB
 * level were all verified at {@link #verifiedAt()}. Only {@link DcapEvidenceVerifier} makes one. A
 * TCB status other than UpToDate is not a failure here: admission policy decides.
 */
public final class VerifiedQuote {
  private final DcapQuote quote;
  private final PckExtensions pck;
  private final TcbStatus tcbStatus;
  private final List<String> advisoryIds;
  private final Instant verifiedAt;
  private final Map<String, String> collateralDigests;
  private final List<Check> checks;

  /**
   * Package-private: only this package makes one; {@link DcapEvidenceVerifier} hands this
   * constructor to its quote engine as the engine's only way to mint one.
   *
   * @param pck the SGX extensions of the verified PCK certificate (FMSPC, PPID, SVNs)
   * @param tcbStatus Intel's TCB status after QE identity and TDX module convergence
   * @param advisoryIds Intel security advisories that apply
   * @param collateralDigests SHA-256 hex of every collateral item used, by name
   * @param checks every check that was run, all passed
   */
  VerifiedQuote(
      DcapQuote quote,
      PckExtensions pck,
      TcbStatus tcbStatus,
      List<String> advisoryIds,
      Instant verifiedAt,
      Map<String, String> collateralDigests,
      List<Check> checks) {
    advisoryIds = List.copyOf(advisoryIds);
    collateralDigests = Map.copyOf(collateralDigests);
    checks = List.copyOf(checks);
    if (checks.stream().anyMatch(c -> !c.passed())) {
      throw new IllegalArgumentException("a verified quote cannot carry a failed check");
    }
    this.quote = quote;
    this.pck = pck;
    this.tcbStatus = tcbStatus;
    this.advisoryIds = advisoryIds;
    this.verifiedAt = verifiedAt;
    this.collateralDigests = collateralDigests;
    this.checks = checks;
  }

  public DcapQuote quote() {
    return quote;
  }

  public PckExtensions pck() {
    return pck;
  }

  public TcbStatus tcbStatus() {
    return tcbStatus;
  }

  public List<String> advisoryIds() {
    return advisoryIds;
  }

  public Instant verifiedAt() {
    return verifiedAt;
  }

  public Map<String, String> collateralDigests() {
    return collateralDigests;
  }

  public List<Check> checks() {
    return checks;
  }

  /** Whether the TD or enclave runs in debug mode (its memory is not confidential). */
  public boolean debug() {
    return quote instanceof TdxQuote t ? t.body().debug() : ((SgxQuote) quote).body().debug();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedQuote o
        && java.util.Objects.equals(quote, o.quote)
        && java.util.Objects.equals(pck, o.pck)
        && java.util.Objects.equals(tcbStatus, o.tcbStatus)
        && java.util.Objects.equals(advisoryIds, o.advisoryIds)
        && java.util.Objects.equals(verifiedAt, o.verifiedAt)
        && java.util.Objects.equals(collateralDigests, o.collateralDigests)
        && java.util.Objects.equals(checks, o.checks);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        quote, pck, tcbStatus, advisoryIds, verifiedAt, collateralDigests, checks);
  }

  @Override
  public String toString() {
    return "VerifiedQuote[quote="
        + quote
        + ", pck="
        + pck
        + ", tcbStatus="
        + tcbStatus
        + ", advisoryIds="
        + advisoryIds
        + ", verifiedAt="
        + verifiedAt
        + ", collateralDigests="
        + collateralDigests
        + ", checks="
        + checks
        + "]";
  }
}

package io.dooor.attestation.dcap;

import io.dooor.attestation.intel.TcbStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A DCAP quote whose signatures, PCK chain, revocation, collateral, QE identity, TDX module and TCB
 * level were all verified at {@link #verifiedAt()}. Only {@link DcapEvidenceVerifier} makes one. A
 * TCB status other than UpToDate is not a failure here: admission policy decides.
 *
 * @param pck the SGX extensions of the verified PCK certificate (FMSPC, PPID, SVNs)
 * @param tcbStatus Intel's TCB status after QE identity and TDX module convergence
 * @param advisoryIds Intel security advisories that apply
 * @param collateralDigests SHA-256 hex of every collateral item used, by name
 * @param checks every check that was run, all passed
 */
public record VerifiedQuote(
    DcapQuote quote,
    PckExtensions pck,
    TcbStatus tcbStatus,
    List<String> advisoryIds,
    Instant verifiedAt,
    Map<String, String> collateralDigests,
    List<Check> checks) {
  public VerifiedQuote {
    advisoryIds = List.copyOf(advisoryIds);
    collateralDigests = Map.copyOf(collateralDigests);
    checks = List.copyOf(checks);
    if (checks.stream().anyMatch(c -> !c.passed())) {
      throw new IllegalArgumentException("a verified quote cannot carry a failed check");
    }
  }

  /** Whether the TD or enclave runs in debug mode (its memory is not confidential). */
  public boolean debug() {
    return quote instanceof TdxQuote t ? t.body().debug() : ((SgxQuote) quote).body().debug();
  }
}

package io.dooor.attestation.intel;

/**
 * Where Intel DCAP collateral comes from: an offline bundle ({@link OfflineCollateralBundle}) or
 * Intel PCS / a PCCS ({@link PcsCollateralSource}). Sources do not verify signatures; the verifier
 * does, every time it uses collateral it has not verified before.
 */
public interface CollateralSource {
  /**
   * The collateral for {@code request}.
   *
   * @throws CollateralException NOT_FOUND, UNAVAILABLE, STALE or MALFORMED
   */
  IntelCollateral collateral(CollateralRequest request) throws CollateralException;

  /**
   * A version of everything this source serves now: it changes whenever the source starts serving
   * different collateral (a refresh that fetched another TCB info, QE identity or CRL), so that the
   * control plane verifies kept evidence again. "" for a source that never changes.
   */
  default String version() {
    return "";
  }
}

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
}

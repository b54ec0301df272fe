package io.dooor.attestation;

import io.dooor.attestation.dcap.DcapEvidenceVerifier;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.intel.CollateralSource;
import io.dooor.attestation.intel.OfflineCollateralBundle;
import io.dooor.attestation.nitro.NitroEvidenceVerifier;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.attestation.snp.SnpCollateralSource;
import io.dooor.attestation.snp.SnpEvidenceVerifier;
import io.dooor.attestation.snp.TrustFolderSnpCollateral;
import io.dooor.core.port.EvidenceVerifier;
import java.nio.file.Path;
import java.util.List;

/**
 * The real-hardware verifiers (TDX, SGX, SNP, Nitro) over vendor roots loaded from a trust folder
 * and checked against their pinned fingerprints, with Intel collateral from offline bundles or any
 * other collateral source.
 */
public final class HardwareVerifiers {
  private HardwareVerifiers() {}

  /**
   * Verifiers for every hardware type.
   *
   * @param trustFolder the vendor roots (PEM/DER), each checked against its pinned fingerprint
   * @param intelCollateral files or folders of Intel collateral (QuoteCollateralV3 JSON)
   * @throws PkiException naming a root that is missing or not the pinned one
   * @throws CollateralException naming a collateral file that could not be read
   */
  public static List<EvidenceVerifier> fromFiles(Path trustFolder, List<Path> intelCollateral)
      throws PkiException, CollateralException {
    TrustAnchors anchors = TrustAnchors.load(trustFolder);
    CollateralSource intel = OfflineCollateralBundle.load(intelCollateral);
    return of(anchors, intel, new TrustFolderSnpCollateral(anchors, List.of()));
  }

  /**
   * Verifiers for every hardware type over any collateral sources, e.g. a PCCS ({@code
   * PcsCollateralSource}) and AMD KDS ({@code KdsCollateralSource}). Whatever the sources return is
   * verified against {@code anchors}; nothing fetched is trusted.
   */
  public static List<EvidenceVerifier> of(
      TrustAnchors anchors, CollateralSource intel, SnpCollateralSource snp) {
    return List.of(
        new DcapEvidenceVerifier(intel, anchors),
        new SnpEvidenceVerifier(anchors, snp),
        new NitroEvidenceVerifier(anchors));
  }
}

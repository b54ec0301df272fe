package io.dooor.attestation;

import io.dooor.attestation.amd.KdsCollateralSource;
import io.dooor.attestation.amd.KdsPolicy;
import io.dooor.attestation.dcap.DcapEvidenceVerifier;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.intel.CollateralFreshnessPolicy;
import io.dooor.attestation.intel.CollateralSource;
import io.dooor.attestation.intel.OfflineCollateralBundle;
import io.dooor.attestation.intel.PcsCollateralSource;
import io.dooor.attestation.nitro.NitroEvidenceVerifier;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.attestation.snp.SnpCollateralSource;
import io.dooor.attestation.snp.SnpEvidenceVerifier;
import io.dooor.attestation.snp.TrustFolderSnpCollateral;
import io.dooor.core.port.EvidenceVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The real-hardware verifiers (TDX, SGX, SNP, Nitro) over vendor roots loaded from a trust folder
 * and checked against their pinned fingerprints, with Intel collateral from offline bundles or any
 * other collateral source.
 */
public final class HardwareVerifiers {
  private static final Duration PCS_CONNECT_TIMEOUT = Duration.ofSeconds(10);

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
   * The one factory of the server's and the CLI's hardware verifiers: vendor roots from {@code
   * trustFolder}; Intel collateral from the offline {@code intelCollateral} files, or from Intel's
   * PCS or a PCCS (v4 API) at {@code pccs}; AMD SNP certificates from the trust folder, and from
   * AMD KDS (or a mirror) at {@code kds}. Whatever a source serves is verified against the pinned
   * roots; collateral freshness is judged by {@code clock}.
   *
   * @param pccs PCS/PCCS base URL, or null for offline Intel collateral only
   * @param kds AMD KDS base URL, or null for the trust folder only
   * @throws PkiException naming a root that is missing or not the pinned one
   * @throws CollateralException naming a collateral file that could not be read
   */
  public static List<EvidenceVerifier> create(
      Path trustFolder, List<Path> intelCollateral, URI pccs, URI kds, Clock clock)
      throws PkiException, CollateralException {
    if (pccs == null && kds == null) {
      return fromFiles(trustFolder, intelCollateral);
    }
    TrustAnchors anchors = TrustAnchors.load(trustFolder);
    CollateralSource intel =
        pccs == null
            ? OfflineCollateralBundle.load(intelCollateral)
            : PcsCollateralSource.at(
                HttpClient.newBuilder().connectTimeout(PCS_CONNECT_TIMEOUT).build(),
                pccs,
                CollateralFreshnessPolicy.defaults(),
                clock);
    SnpCollateralSource snp =
        kds == null
            ? new TrustFolderSnpCollateral(anchors, List.of())
            : new KdsCollateralSource(kds, KdsPolicy.defaults(), clock);
    return of(anchors, intel, snp);
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

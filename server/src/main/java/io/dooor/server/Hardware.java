package io.dooor.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What real-hardware evidence (TDX, SGX, SNP, Nitro) is verified against: the vendor roots, and
 * where collateral comes from. Intel collateral comes from offline bundles or from Intel's PCS / a
 * PCCS (not both); AMD SNP certificates come from the trust folder, and from AMD KDS (or a mirror)
 * when {@code kds} is set. Whatever a source serves is verified against the pinned roots.
 *
 * @param trustDir folder of vendor root certificates (pinned by fingerprint), or null: no hardware
 * @param intelCollateral Intel collateral files or folders (QuoteCollateralV3 JSON)
 * @param pccs Intel PCS or PCCS base URL (v4 API), or null
 * @param kds AMD KDS base URL, or null
 */
public record Hardware(Path trustDir, List<Path> intelCollateral, URI pccs, URI kds) {
  public Hardware {
    intelCollateral = List.copyOf(intelCollateral);
    if (trustDir == null && (!intelCollateral.isEmpty() || pccs != null || kds != null)) {
      throw new IllegalArgumentException("collateral sources need a trust folder of vendor roots");
    }
    if (pccs != null && !intelCollateral.isEmpty()) {
      throw new IllegalArgumentException(
          "Intel collateral comes from offline files or from a PCS/PCCS, not both");
    }
  }

  /** Sim only: no vendor roots. */
  public static Hardware none() {
    return new Hardware(null, List.of(), null, null);
  }

  /** Vendor roots with offline Intel collateral (no network). */
  public static Hardware offline(Path trustDir, List<Path> intelCollateral) {
    return new Hardware(trustDir, intelCollateral, null, null);
  }

  /** Whether TDX, SGX, SNP and Nitro evidence can be verified at all. */
  public boolean enabled() {
    return trustDir != null;
  }
}

package io.dooor.attestation.nitro;

import io.dooor.attestation.pki.VerifiedChain;
import java.util.List;
import java.util.Map;

/**
 * A Nitro attestation document whose ES384 signature and certificate chain (cabundle to the pinned
 * AWS Nitro Enclaves root G1) were verified by {@link NitroDocumentVerifier}.
 *
 * @param checks every check run, in order
 * @param collateralDigests SHA-256 hex of each certificate used, "cert[i]" root first
 */
public record VerifiedNitroDocument(
    NitroDocument document,
    VerifiedChain chain,
    List<NitroCheck> checks,
    Map<String, String> collateralDigests) {
  public VerifiedNitroDocument {
    checks = List.copyOf(checks);
    collateralDigests = Map.copyOf(collateralDigests);
    if (checks.stream().anyMatch(c -> c.failure().isPresent())) {
      throw new IllegalArgumentException("a verified document cannot carry a failed check");
    }
  }

  /** Debug-mode enclaves report PCR0 as all zeros. */
  public boolean debug() {
    io.dooor.common.Bytes pcr0 = document.pcrs().get(0);
    return pcr0 == null || pcr0.equals(io.dooor.common.Bytes.of(new byte[pcr0.length()]));
  }
}

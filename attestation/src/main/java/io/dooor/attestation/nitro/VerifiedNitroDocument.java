package io.dooor.attestation.nitro;

import io.dooor.attestation.pki.VerifiedChain;
import java.util.List;
import java.util.Map;

/**
 * A Nitro attestation document whose ES384 signature and certificate chain (cabundle to the pinned
 * AWS Nitro Enclaves root G1) were verified by {@link NitroDocumentVerifier}.
 */
public final class VerifiedNitroDocument {
  private final NitroDocument document;
  private final VerifiedChain chain;
  private final List<NitroCheck> checks;
  private final Map<String, String> collateralDigests;

  /**
   * Package-private: only {@link NitroDocumentVerifier} (same package) makes one, after its checks
   * passed.
   *
   * @param checks every check run, in order
   * @param collateralDigests SHA-256 hex of each certificate used, "cert[i]" root first
   */
  VerifiedNitroDocument(
      NitroDocument document,
      VerifiedChain chain,
      List<NitroCheck> checks,
      Map<String, String> collateralDigests) {
    checks = List.copyOf(checks);
    collateralDigests = Map.copyOf(collateralDigests);
    if (checks.stream().anyMatch(c -> c.failure().isPresent())) {
      throw new IllegalArgumentException("a verified document cannot carry a failed check");
    }
    this.document = document;
    this.chain = chain;
    this.checks = checks;
    this.collateralDigests = collateralDigests;
  }

  public NitroDocument document() {
    return document;
  }

  public VerifiedChain chain() {
    return chain;
  }

  public List<NitroCheck> checks() {
    return checks;
  }

  public Map<String, String> collateralDigests() {
    return collateralDigests;
  }

  /** Debug-mode enclaves report PCR0 as all zeros. */
  public boolean debug() {
    io.dooor.common.Bytes pcr0 = document.pcrs().get(0);
    return pcr0 == null || pcr0.equals(io.dooor.common.Bytes.of(new byte[pcr0.length()]));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedNitroDocument o
        && java.util.Objects.equals(document, o.document)
        && java.util.Objects.equals(chain, o.chain)
        && java.util.Objects.equals(checks, o.checks)
        && java.util.Objects.equals(collateralDigests, o.collateralDigests);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(document, chain, checks, collateralDigests);
  }

  @Override
  public String toString() {
    return "VerifiedNitroDocument[document="
        + document
        + ", chain="
        + chain
        + ", checks="
        + checks
        + ", collateralDigests="
        + collateralDigests
        + "]";
  }
}

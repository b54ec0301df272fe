package io.dooor.attestation.pki;

import io.dooor.common.Bytes;

/**
 * The vendor root certificates this product trusts, pinned by the SHA-256 of their DER encoding.
 * The certificates themselves come from the configured trust folder ({@link TrustAnchors}); a
 * certificate whose fingerprint differs is refused. An AMD ARK signs both the VCEK chain (ASK) and
 * the VLEK chain (ASVK) of its product line, so one ARK per product line covers both.
 */
public enum VendorRoot {
  /** Intel SGX Root CA (ECDSA P-256), root of DCAP PCK, TCB info and QE identity chains. */
  INTEL_SGX_ROOT_CA(
      "CN=Intel SGX Root CA", "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3"),
  /** AMD Root Key for Milan (RSA-4096, RSASSA-PSS), VCEK and VLEK chains. */
  AMD_ARK_MILAN("CN=ARK-Milan", "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd"),
  /** AMD Root Key for Genoa. */
  AMD_ARK_GENOA("CN=ARK-Genoa", "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1"),
  /** AMD Root Key for Turin. */
  AMD_ARK_TURIN("CN=ARK-Turin", "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a"),
  /** AWS Nitro Enclaves root G1 (ECDSA P-384). */
  AWS_NITRO_ROOT_G1(
      "CN=aws.nitro-enclaves", "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b");

  private final String commonName;
  private final Bytes fingerprint;

  VendorRoot(String commonName, String sha256Hex) {
    this.commonName = commonName;
    this.fingerprint = Bytes.fromHex(sha256Hex);
  }

  /** The subject common name, "CN=..." form, by which a trust folder certificate is matched. */
  public String commonName() {
    return commonName;
  }

  /** SHA-256 of the certificate's DER encoding. */
  public Bytes fingerprint() {
    return fingerprint;
  }
}

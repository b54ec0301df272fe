package io.dooor.attestation.dcap;

import io.dooor.common.Bytes;

/**
 * The 48-byte DCAP quote header (Intel SGX ECDSA Quote Library API, quote v3 Table 3; TDX DCAP
 * quote v4/v5 §A.3 "Quote Header").
 *
 * @param version 3, 4 or 5
 * @param attestationKeyType 2 = ECDSA-256-with-P-256
 * @param teeType 0x00 SGX, 0x81 TDX (zero in v3)
 * @param qeSvn QE security version (v3; reserved in v4/v5)
 * @param pceSvn PCE security version (v3; reserved in v4/v5)
 * @param qeVendorId 16 bytes, Intel's QE is 939a7233f79c4ca9940a0db3957f0607
 * @param userData 20 bytes of QE-defined data
 */
public record QuoteHeader(
    int version,
    int attestationKeyType,
    long teeType,
    int qeSvn,
    int pceSvn,
    Bytes qeVendorId,
    Bytes userData) {
  public static final int LENGTH = 48;
  public static final long TEE_SGX = 0x00;
  public static final long TEE_TDX = 0x81;
  public static final int ECDSA_P256 = 2;
  public static final Bytes INTEL_QE_VENDOR_ID = Bytes.fromHex("939a7233f79c4ca9940a0db3957f0607");

  public QuoteHeader {
    if (qeVendorId.length() != 16 || userData.length() != 20) {
      throw new IllegalArgumentException("QE vendor id must be 16 bytes and user data 20 bytes");
    }
  }
}

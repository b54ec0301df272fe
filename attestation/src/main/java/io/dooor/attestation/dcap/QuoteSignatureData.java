package io.dooor.attestation.dcap;

import io.dooor.common.Bytes;

/**
 * The ECDSA quote signature data (quote v3 "Quote Signature Data Structure", v4/v5 §A.3.8-A.3.11
 * with certification data type 6 wrapping the QE report certification data).
 *
 * @param quoteSignature raw r||s (64 bytes) by the attestation key over header and body
 * @param attestationKey raw x||y (64 bytes) P-256 point
 * @param qeReport the QE's enclave report, signed by the PCK
 * @param qeReportSignature raw r||s (64 bytes) by the PCK leaf over the QE report
 * @param qeAuthData QE authentication data, hashed into the QE report data
 * @param certificationDataType 5 = PCK certificate chain (PEM: leaf, intermediate, root)
 * @param certificationData the PCK chain bytes
 */
public record QuoteSignatureData(
    Bytes quoteSignature,
    Bytes attestationKey,
    EnclaveReport qeReport,
    Bytes qeReportSignature,
    Bytes qeAuthData,
    int certificationDataType,
    Bytes certificationData) {
  public static final int PCK_CERT_CHAIN = 5;
  public static final int QE_REPORT_CERTIFICATION_DATA = 6;

  public QuoteSignatureData {
    EnclaveReport.requireLength(quoteSignature, 64, "quote signature");
    EnclaveReport.requireLength(attestationKey, 64, "attestation key");
    EnclaveReport.requireLength(qeReportSignature, 64, "QE report signature");
  }
}

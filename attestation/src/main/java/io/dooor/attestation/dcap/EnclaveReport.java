package io.dooor.attestation.dcap;

import io.dooor.common.Bytes;

/**
 * The 384-byte SGX enclave report body (SGX ECDSA Quote Library API, "Enclave Report Body", Table
 * 5): the body of an SGX quote and the QE report of every quote.
 *
 * @param raw the 384 bytes as signed
 * @param attributes 16 bytes: flags (little-endian u64, bit 1 = DEBUG) then XFRM
 */
public record EnclaveReport(
    Bytes raw,
    Bytes cpuSvn,
    long miscSelect,
    Bytes isvExtProdId,
    Bytes attributes,
    Bytes mrEnclave,
    Bytes mrSigner,
    Bytes configId,
    int isvProdId,
    int isvSvn,
    int configSvn,
    Bytes isvFamilyId,
    Bytes reportData) {
  public static final int LENGTH = 384;

  public EnclaveReport {
    requireLength(raw, LENGTH, "report");
    requireLength(cpuSvn, 16, "CPUSVN");
    requireLength(isvExtProdId, 16, "ISVEXTPRODID");
    requireLength(attributes, 16, "ATTRIBUTES");
    requireLength(mrEnclave, 32, "MRENCLAVE");
    requireLength(mrSigner, 32, "MRSIGNER");
    requireLength(configId, 64, "CONFIGID");
    requireLength(isvFamilyId, 16, "ISVFAMILYID");
    requireLength(reportData, 64, "REPORTDATA");
  }

  /** Whether ATTRIBUTES.DEBUG (flags bit 1) is set: the enclave's memory is not confidential. */
  public boolean debug() {
    return (attributes.at(0) & 0x02) != 0;
  }

  static void requireLength(Bytes b, int n, String name) {
    if (b.length() != n) {
      throw new IllegalArgumentException(name + " must be " + n + " bytes, got " + b.length());
    }
  }
}

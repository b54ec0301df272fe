package io.dooor.attestation.dcap;

import io.dooor.common.Bytes;
import java.util.List;

/**
 * The Intel SGX extensions of a PCK certificate (OID 1.2.840.113741.1.13.1; Intel SGX PCK
 * Certificate and CRL Profile §1.3.5).
 *
 * @param ppid 16-byte platform provisioning id
 * @param componentSvns the 16 SGX TCB component SVNs
 * @param pceSvn PCE security version
 * @param cpuSvn 16-byte CPUSVN
 * @param pceId 2 bytes
 * @param fmspc 6 bytes: family-model-stepping-platform-customSKU
 * @param sgxType 0 Standard, 1 Scalable, 2 Scalable with integrity
 */
public record PckExtensions(
    Bytes ppid,
    List<Integer> componentSvns,
    int pceSvn,
    Bytes cpuSvn,
    Bytes pceId,
    Bytes fmspc,
    int sgxType) {
  public PckExtensions {
    EnclaveReport.requireLength(ppid, 16, "PPID");
    EnclaveReport.requireLength(cpuSvn, 16, "CPUSVN");
    EnclaveReport.requireLength(pceId, 2, "PCE-ID");
    EnclaveReport.requireLength(fmspc, 6, "FMSPC");
    componentSvns = List.copyOf(componentSvns);
    if (componentSvns.size() != 16) {
      throw new IllegalArgumentException("16 TCB component SVNs expected");
    }
    for (int svn : componentSvns) {
      if (svn < 0 || svn > 255) {
        throw new IllegalArgumentException("component SVN out of range: " + svn);
      }
    }
    if (pceSvn < 0 || pceSvn > 0xffff) {
      throw new IllegalArgumentException("PCESVN out of range: " + pceSvn);
    }
  }
}

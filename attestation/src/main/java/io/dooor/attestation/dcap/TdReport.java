package io.dooor.attestation.dcap;

import io.dooor.common.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * The TD report body of a TDX quote: TDX 1.0 (584 bytes, quote v4 §A.3.2 "TD Quote Body") or TDX
 * 1.5 (648 bytes, quote v5 body type 3, adding TEE_TCB_SVN2 and MRSERVICETD).
 *
 * @param rtmrs RTMR0..RTMR3, 48 bytes each
 * @param teeTcbSvn2 TDX 1.5 only
 * @param mrServiceTd TDX 1.5 only
 */
public record TdReport(
    Bytes teeTcbSvn,
    Bytes mrSeam,
    Bytes mrSignerSeam,
    Bytes seamAttributes,
    Bytes tdAttributes,
    Bytes xfam,
    Bytes mrTd,
    Bytes mrConfigId,
    Bytes mrOwner,
    Bytes mrOwnerConfig,
    List<Bytes> rtmrs,
    Bytes reportData,
    Optional<Bytes> teeTcbSvn2,
    Optional<Bytes> mrServiceTd) {
  public static final int TDX10_LENGTH = 584;
  public static final int TDX15_LENGTH = 648;

  public TdReport {
    EnclaveReport.requireLength(teeTcbSvn, 16, "TEE_TCB_SVN");
    for (Bytes m : List.of(mrSeam, mrSignerSeam, mrTd, mrConfigId, mrOwner, mrOwnerConfig)) {
      EnclaveReport.requireLength(m, 48, "TD measurement");
    }
    EnclaveReport.requireLength(seamAttributes, 8, "SEAMATTRIBUTES");
    EnclaveReport.requireLength(tdAttributes, 8, "TDATTRIBUTES");
    EnclaveReport.requireLength(xfam, 8, "XFAM");
    EnclaveReport.requireLength(reportData, 64, "REPORTDATA");
    rtmrs = List.copyOf(rtmrs);
    if (rtmrs.size() != 4) {
      throw new IllegalArgumentException("a TD report has 4 RTMRs, got " + rtmrs.size());
    }
    rtmrs.forEach(r -> EnclaveReport.requireLength(r, 48, "RTMR"));
    if (teeTcbSvn2.isPresent() != mrServiceTd.isPresent()) {
      throw new IllegalArgumentException("TEE_TCB_SVN2 and MRSERVICETD come together (TDX 1.5)");
    }
    teeTcbSvn2.ifPresent(b -> EnclaveReport.requireLength(b, 16, "TEE_TCB_SVN2"));
    mrServiceTd.ifPresent(b -> EnclaveReport.requireLength(b, 48, "MRSERVICETD"));
  }

  /** TDATTRIBUTES.DEBUG (bit 0): the TD runs in debug mode, its memory is not confidential. */
  public boolean debug() {
    return (tdAttributes.at(0) & 0x01) != 0;
  }
}

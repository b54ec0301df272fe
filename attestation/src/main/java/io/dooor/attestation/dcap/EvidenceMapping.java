package io.dooor.attestation.dcap;

import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceClaims;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.VerifiedEvidence;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps verified quotes onto the claims of the control plane's {@link VerifiedEvidence} (which only
 * {@link DcapEvidenceVerifier} mints from them).
 */
final class EvidenceMapping {
  private EvidenceMapping() {}

  static EvidenceClaims toClaims(VerifiedQuote v) {
    Map<String, String> m = new LinkedHashMap<>();
    Map<String, Long> n = new LinkedHashMap<>();
    TeeType type;
    if (v.quote() instanceof TdxQuote t) {
      type = TeeType.TDX;
      tdx(t.body(), m, n);
    } else {
      type = TeeType.SGX;
      sgx(((SgxQuote) v.quote()).body(), m, n);
    }
    n.put("QUOTE_VERSION", (long) v.quote().header().version());
    n.put("QE_SVN", (long) v.quote().signatureData().qeReport().isvSvn());
    n.put("PCE_SVN", (long) v.pck().pceSvn());
    m.put("CPUSVN_PCK", v.pck().cpuSvn().hex());
    String platform = "fmspc:" + v.pck().fmspc().hex() + ",ppid:" + v.pck().ppid().hex();
    return new EvidenceClaims(
        type,
        v.quote().reportData(),
        m,
        n,
        v.tcbStatus().wireName(),
        v.advisoryIds(),
        v.debug(),
        platform,
        v.collateralDigests());
  }

  private static void tdx(TdReport b, Map<String, String> m, Map<String, Long> n) {
    m.put("MRTD", b.mrTd().hex());
    for (int i = 0; i < 4; i++) {
      m.put("RTMR" + i, b.rtmrs().get(i).hex());
    }
    m.put("MRCONFIGID", b.mrConfigId().hex());
    m.put("MROWNER", b.mrOwner().hex());
    m.put("MROWNERCONFIG", b.mrOwnerConfig().hex());
    m.put("MRSEAM", b.mrSeam().hex());
    m.put("MRSIGNERSEAM", b.mrSignerSeam().hex());
    m.put("SEAMATTRIBUTES", b.seamAttributes().hex());
    m.put("TDATTRIBUTES", b.tdAttributes().hex());
    m.put("XFAM", b.xfam().hex());
    m.put("TEE_TCB_SVN", b.teeTcbSvn().hex());
    b.teeTcbSvn2().ifPresent(s -> m.put("TEE_TCB_SVN2", s.hex()));
    b.mrServiceTd().ifPresent(s -> m.put("MRSERVICETD", s.hex()));
    n.put("TDX_MODULE_SVN", (long) (b.teeTcbSvn().at(0) & 0xff));
    n.put("TDX_MODULE_MAJOR_VERSION", (long) (b.teeTcbSvn().at(1) & 0xff));
  }

  private static void sgx(EnclaveReport b, Map<String, String> m, Map<String, Long> n) {
    m.put("MRENCLAVE", b.mrEnclave().hex());
    m.put("MRSIGNER", b.mrSigner().hex());
    m.put("ATTRIBUTES", b.attributes().hex());
    m.put("CONFIGID", b.configId().hex());
    m.put("CPUSVN", b.cpuSvn().hex());
    m.put("ISVFAMILYID", b.isvFamilyId().hex());
    m.put("ISVEXTPRODID", b.isvExtProdId().hex());
    n.put("ISVPRODID", (long) b.isvProdId());
    n.put("ISVSVN", (long) b.isvSvn());
    n.put("CONFIGSVN", (long) b.configSvn());
    n.put("MISCSELECT", b.miscSelect());
  }

  static EvidenceException.Reason reason(DcapException.Reason r) {
    return switch (r) {
      case MALFORMED -> EvidenceException.Reason.MALFORMED;
      case UNSUPPORTED -> EvidenceException.Reason.UNSUPPORTED_FORMAT;
      case SIGNATURE_INVALID -> EvidenceException.Reason.SIGNATURE_INVALID;
      case CHAIN_INVALID -> EvidenceException.Reason.CHAIN_INVALID;
      case REVOKED -> EvidenceException.Reason.REVOKED;
      case COLLATERAL_INVALID, COLLATERAL_UNAVAILABLE ->
          EvidenceException.Reason.COLLATERAL_INVALID;
      case COLLATERAL_EXPIRED -> EvidenceException.Reason.COLLATERAL_EXPIRED;
      case IDENTITY_MISMATCH -> EvidenceException.Reason.IDENTITY_MISMATCH;
      case TCB_NOT_SUPPORTED -> EvidenceException.Reason.TCB_NOT_ACCEPTED;
    };
  }
}

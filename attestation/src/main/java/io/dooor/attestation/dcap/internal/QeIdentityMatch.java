package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException.Reason;
import io.dooor.attestation.dcap.EnclaveReport;
import io.dooor.attestation.intel.QeIdentity;
import io.dooor.common.Bytes;

/**
 * The QE report against Intel's QE identity (Intel PCS API v4 "Enclave Identity V2"): identity id
 * for the TEE kind, MRSIGNER, ISVPRODID, MISCSELECT and ATTRIBUTES under their masks.
 */
final class QeIdentityMatch {
  private QeIdentityMatch() {}

  static boolean check(QeIdentity id, EnclaveReport qe, boolean tdx, CheckList out) {
    String why = null;
    if (!id.id().equals(tdx ? "TD_QE" : "QE")) {
      why = "QE identity id " + id.id() + " does not fit a " + (tdx ? "TDX" : "SGX") + " quote";
    } else if (!id.mrSigner().equals(qe.mrSigner())) {
      why = "QE MRSIGNER " + qe.mrSigner().hex() + " is not " + id.mrSigner().hex();
    } else if (id.isvProdId() != qe.isvProdId()) {
      why = "QE ISVPRODID " + qe.isvProdId() + " is not " + id.isvProdId();
    } else if (!miscMatches(id, qe.miscSelect())) {
      why = "QE MISCSELECT does not match under its mask";
    } else if (!TcbEvaluator.masked(qe.attributes(), id.attributesMask())
        .equals(TcbEvaluator.masked(id.attributes(), id.attributesMask()))) {
      why = "QE ATTRIBUTES do not match under their mask";
    }
    return out.check(
        "qe_identity_match",
        why == null,
        Reason.IDENTITY_MISMATCH,
        why == null ? "QE matches Intel's " + id.id() + " identity" : why);
  }

  /** MISCSELECT is a little-endian u32 in the report and a big-endian hex number in JSON. */
  private static boolean miscMatches(QeIdentity id, long misc) {
    long want = toLong(id.miscSelect());
    long mask = toLong(id.miscSelectMask());
    return (misc & mask) == (want & mask);
  }

  private static long toLong(Bytes be) {
    long v = 0;
    for (int i = 0; i < be.length(); i++) {
      v = v << 8 | (be.at(i) & 0xff);
    }
    return v;
  }
}

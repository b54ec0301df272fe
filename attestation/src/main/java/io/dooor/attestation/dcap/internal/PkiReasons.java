package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException.Reason;
import io.dooor.attestation.pki.PkiException;

/** Maps certificate-layer failures onto DCAP failure classes. */
final class PkiReasons {
  private PkiReasons() {}

  static Reason of(PkiException e) {
    return switch (e.reason()) {
      case REVOKED -> Reason.REVOKED;
      case CRL_INVALID -> Reason.COLLATERAL_INVALID;
      case EXPIRED, NOT_YET_VALID -> Reason.COLLATERAL_EXPIRED;
      case MALFORMED -> Reason.MALFORMED;
      default -> Reason.CHAIN_INVALID;
    };
  }
}

package io.dooor.attestation.intel.internal;

import io.dooor.common.Bytes;
import java.time.Instant;

/**
 * One fetched PCS item: body (signed JSON bytes or DER CRL), signature (JSON items), issuer chain
 * (PEM, from the response header), and its issue / next-update times (as the item states them,
 * unverified: used only for cache timing).
 */
public record PcsItem(
    Bytes body, Bytes signature, Bytes issuerChain, Instant issued, Instant nextUpdate) {
  /** The four PCS resources. */
  public enum Kind {
    TCB_INFO,
    QE_IDENTITY,
    PCK_CRL,
    ROOT_CRL
  }
}

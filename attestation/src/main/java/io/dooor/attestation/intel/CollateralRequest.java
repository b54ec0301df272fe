package io.dooor.attestation.intel;

import io.dooor.common.Bytes;
import java.util.Locale;

/**
 * What a verifier asks a {@link CollateralSource} for: the collateral of one platform.
 *
 * @param tdx TDX collateral (TCB info id "TDX", QE identity "TD_QE") or SGX ("SGX", "QE")
 * @param fmspc the 6-byte FMSPC from the PCK certificate
 * @param ca which PCK CA issued the PCK certificate (selects the PCK CRL)
 */
public record CollateralRequest(boolean tdx, Bytes fmspc, PckCa ca) {
  /** The two PCK issuing CAs (Intel PCS API v4 "ca" parameter). */
  public enum PckCa {
    PLATFORM,
    PROCESSOR;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public CollateralRequest {
    if (fmspc.length() != 6) {
      throw new IllegalArgumentException("FMSPC is 6 bytes, got " + fmspc.length());
    }
  }
}

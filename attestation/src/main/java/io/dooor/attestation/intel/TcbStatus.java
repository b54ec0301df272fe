package io.dooor.attestation.intel;

import java.util.Optional;

/**
 * Intel's TCB status words (Intel PCS API v4, TCB info "tcbStatus"; QE identity "tcbStatus").
 * {@link #wireName()} is exactly Intel's word.
 */
public enum TcbStatus {
  UP_TO_DATE("UpToDate"),
  SW_HARDENING_NEEDED("SWHardeningNeeded"),
  CONFIGURATION_NEEDED("ConfigurationNeeded"),
  CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
  OUT_OF_DATE("OutOfDate"),
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
  REVOKED("Revoked");

  private final String wire;

  TcbStatus(String wire) {
    this.wire = wire;
  }

  public String wireName() {
    return wire;
  }

  public static Optional<TcbStatus> parse(String wire) {
    for (TcbStatus s : values()) {
      if (s.wire.equals(wire)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}

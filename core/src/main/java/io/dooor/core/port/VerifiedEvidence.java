package io.dooor.core.port;

import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import java.util.List;
import java.util.Map;

/**
 * Evidence whose signatures, certificate chain, collateral and TCB status have been verified
 * (policy is evaluated separately, from these claims). Only an {@link EvidenceVerifier} can make
 * one (through its protected {@code verified}); raw, unchecked claims are {@link EvidenceClaims}.
 */
public final class VerifiedEvidence {
  /** Report data is always 64 bytes (formats with more keep the first 64; with less, zero-pad). */
  public static final int REPORT_DATA_LENGTH = EvidenceClaims.REPORT_DATA_LENGTH;

  private final EvidenceClaims claims;

  VerifiedEvidence(EvidenceClaims claims) {
    this.claims = claims;
  }

  /** The claims this evidence was verified to make. */
  public EvidenceClaims claims() {
    return claims;
  }

  /** {@link EvidenceClaims#type()}: the TEE kind. */
  public TeeType type() {
    return claims.type();
  }

  /**
   * {@link EvidenceClaims#reportData()}: the 64 bytes of report data the TEE signed (binding to
   * nonce and node key).
   */
  public Bytes reportData() {
    return claims.reportData();
  }

  /**
   * {@link EvidenceClaims#measurements()}: named measured values as lower-case hex, upper-case
   * names.
   */
  public Map<String, String> measurements() {
    return claims.measurements();
  }

  /** {@link EvidenceClaims#numbers()}: named numeric claims. */
  public Map<String, Long> numbers() {
    return claims.numbers();
  }

  /** {@link EvidenceClaims#tcbStatus()}: vendor TCB status. */
  public String tcbStatus() {
    return claims.tcbStatus();
  }

  /** {@link EvidenceClaims#advisoryIds()}: vendor advisories that apply. */
  public List<String> advisoryIds() {
    return claims.advisoryIds();
  }

  /** {@link EvidenceClaims#debug()}: whether the TEE runs in debug mode. */
  public boolean debug() {
    return claims.debug();
  }

  /** {@link EvidenceClaims#platformId()}: stable identity of the platform. */
  public String platformId() {
    return claims.platformId();
  }

  /**
   * {@link EvidenceClaims#collateralDigests()}: SHA-256 hex of every collateral item used, by name.
   */
  public Map<String, String> collateralDigests() {
    return claims.collateralDigests();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiedEvidence v && claims.equals(v.claims);
  }

  @Override
  public int hashCode() {
    return claims.hashCode();
  }

  @Override
  public String toString() {
    return "Verified" + claims;
  }
}

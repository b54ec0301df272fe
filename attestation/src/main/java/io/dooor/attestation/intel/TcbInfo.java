package io.dooor.attestation.intel;

import io.dooor.common.Bytes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decoded TCB info v3 (Intel PCS API v4 "TCB Info V3" for id "SGX" or "TDX").
 *
 * @param tdxModule the "tdxModule" object (TDX only)
 * @param tdxModuleIdentities the "tdxModuleIdentities" array (TDX only, may be empty)
 * @param levels platform TCB levels, in Intel's order (highest first)
 */
public record TcbInfo(
    String id,
    int version,
    Instant issueDate,
    Instant nextUpdate,
    Bytes fmspc,
    Bytes pceId,
    int tcbType,
    int tcbEvaluationDataNumber,
    Optional<TdxModuleIdentity> tdxModule,
    List<TdxModuleIdentity> tdxModuleIdentities,
    List<TcbLevel> levels) {
  public TcbInfo {
    if (!id.equals("SGX") && !id.equals("TDX")) {
      throw new IllegalArgumentException("TCB info id must be SGX or TDX, got " + id);
    }
    if (fmspc.length() != 6 || pceId.length() != 2) {
      throw new IllegalArgumentException("FMSPC is 6 bytes and PCE-ID 2");
    }
    if (nextUpdate.isBefore(issueDate)) {
      throw new IllegalArgumentException("nextUpdate before issueDate");
    }
    tdxModuleIdentities = List.copyOf(tdxModuleIdentities);
    levels = List.copyOf(levels);
  }
}

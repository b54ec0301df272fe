package io.dooor.attestation.intel;

import java.time.Instant;
import java.util.List;

/**
 * One platform TCB level of TCB info v3 (Intel PCS API v4 "TCB Info V3"): 16 SGX component SVNs,
 * PCESVN and, for TDX, 16 TDX component SVNs.
 *
 * @param tdxComponents empty for SGX TCB info
 */
public record TcbLevel(
    List<Integer> sgxComponents,
    int pceSvn,
    List<Integer> tdxComponents,
    Instant tcbDate,
    TcbStatus status,
    List<String> advisoryIds) {
  public TcbLevel {
    sgxComponents = List.copyOf(sgxComponents);
    tdxComponents = List.copyOf(tdxComponents);
    advisoryIds = List.copyOf(advisoryIds);
    if (sgxComponents.size() != 16 || !(tdxComponents.isEmpty() || tdxComponents.size() == 16)) {
      throw new IllegalArgumentException("a TCB level has 16 SGX (and 0 or 16 TDX) components");
    }
  }
}

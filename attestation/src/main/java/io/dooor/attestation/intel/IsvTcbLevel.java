package io.dooor.attestation.intel;

import java.time.Instant;
import java.util.List;

/**
 * A TCB level keyed by one ISVSVN: in a QE identity (Intel PCS API v4 "Enclave Identity V2") and in
 * a TDX module identity of TCB info v3.
 */
public record IsvTcbLevel(int isvSvn, Instant tcbDate, TcbStatus status, List<String> advisoryIds) {
  public IsvTcbLevel {
    if (isvSvn < 0 || isvSvn > 0xffff) {
      throw new IllegalArgumentException("ISVSVN out of range: " + isvSvn);
    }
    advisoryIds = List.copyOf(advisoryIds);
  }
}

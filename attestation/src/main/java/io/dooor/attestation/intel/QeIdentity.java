package io.dooor.attestation.intel;

import io.dooor.common.Bytes;
import java.time.Instant;
import java.util.List;

/** Decoded QE identity v2 (Intel PCS API v4 "Enclave Identity V2", id "QE" or "TD_QE"). */
public record QeIdentity(
    String id,
    int version,
    Instant issueDate,
    Instant nextUpdate,
    int tcbEvaluationDataNumber,
    Bytes miscSelect,
    Bytes miscSelectMask,
    Bytes attributes,
    Bytes attributesMask,
    Bytes mrSigner,
    int isvProdId,
    List<IsvTcbLevel> levels) {
  public QeIdentity {
    if (miscSelect.length() != 4 || miscSelectMask.length() != 4) {
      throw new IllegalArgumentException("miscselect and its mask are 4 bytes");
    }
    if (attributes.length() != 16 || attributesMask.length() != 16 || mrSigner.length() != 32) {
      throw new IllegalArgumentException("attributes and mask are 16 bytes, mrsigner 32");
    }
    if (nextUpdate.isBefore(issueDate)) {
      throw new IllegalArgumentException("nextUpdate before issueDate");
    }
    levels = List.copyOf(levels);
  }
}

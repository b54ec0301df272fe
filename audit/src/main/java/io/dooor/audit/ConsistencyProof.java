package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.common.Bytes;
import java.util.List;

/**
 * An RFC 9162 §2.1.4 consistency proof between trees of {@code size1 <= size2}. Wire form: the
 * concatenated 32-byte hashes.
 */
public record ConsistencyProof(long size1, long size2, List<Bytes> hashes) {
  public ConsistencyProof {
    if (size1 < 1 || size1 > size2) {
      throw new IllegalArgumentException("sizes " + size1 + " > " + size2);
    }
    hashes = List.copyOf(hashes);
    if (hashes.size() != MerkleVerifier.consistencyProofLength(size1, size2)) {
      throw new IllegalArgumentException("wrong number of hashes for the sizes");
    }
    hashes.forEach(ProofWire::requireHash);
  }

  /**
   * Parses the wire form for given sizes.
   *
   * @throws AuditException TREE_SIZE_ORDER, MALFORMED_PROOF or PROOF_SIZE_MISMATCH
   */
  public static ConsistencyProof parse(long size1, long size2, Bytes wire) throws AuditException {
    if (size1 < 1 || size1 > size2) {
      throw new AuditException(Reason.TREE_SIZE_ORDER, "sizes " + size1 + " > " + size2);
    }
    List<Bytes> hashes = ProofWire.split(wire);
    int expected = MerkleVerifier.consistencyProofLength(size1, size2);
    if (hashes.size() != expected) {
      throw new AuditException(
          Reason.PROOF_SIZE_MISMATCH,
          "consistency proof has " + hashes.size() + " hashes, expected " + expected);
    }
    return new ConsistencyProof(size1, size2, hashes);
  }

  public Bytes encode() {
    return ProofWire.join(hashes);
  }
}

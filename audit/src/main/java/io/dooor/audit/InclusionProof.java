package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.common.Bytes;
import java.util.List;

/**
 * An RFC 9162 §2.1.3 inclusion proof for the entry at {@code index} in the tree of {@code size}.
 * Its wire form ({@link #encode()}) is the concatenated 32-byte hashes, leaf side first.
 */
public record InclusionProof(long index, long size, List<Bytes> hashes) {
  public InclusionProof {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("index " + index + " not below size " + size);
    }
    hashes = List.copyOf(hashes);
    if (hashes.size() != MerkleVerifier.inclusionProofLength(index, size)) {
      throw new IllegalArgumentException("wrong number of hashes for index and size");
    }
    hashes.forEach(ProofWire::requireHash);
  }

  /**
   * Parses the wire form for a given index and size.
   *
   * @throws AuditException INDEX_OUT_OF_RANGE, MALFORMED_PROOF or PROOF_SIZE_MISMATCH
   */
  public static InclusionProof parse(long index, long size, Bytes wire) throws AuditException {
    if (index < 0 || index >= size) {
      throw new AuditException(
          Reason.INDEX_OUT_OF_RANGE, "index " + index + " not below size " + size);
    }
    List<Bytes> hashes = ProofWire.split(wire);
    int expected = MerkleVerifier.inclusionProofLength(index, size);
    if (hashes.size() != expected) {
      throw new AuditException(
          Reason.PROOF_SIZE_MISMATCH,
          "inclusion proof has " + hashes.size() + " hashes, expected " + expected);
    }
    return new InclusionProof(index, size, hashes);
  }

  public Bytes encode() {
    return ProofWire.join(hashes);
  }
}

package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.Sha256;
import io.dooor.common.Bytes;
import java.security.MessageDigest;
import java.util.List;

/**
 * Merkle proof verification per RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), SHA-256.
 * Besides comparing the final root, it checks hash lengths, {@code index < size}, {@code size1 <=
 * size2} and the exact proof length the sizes imply, and reports each with its own reason. Roots
 * are compared as opaque byte strings (as transparency-dev/merkle does): a root of the wrong length
 * simply does not match.
 */
public final class MerkleVerifier {
  private MerkleVerifier() {}

  /** RFC 9162 §2.1.1 leaf hash of an encoded entry: SHA-256(0x00 || entry). */
  public static Bytes leafHash(Bytes entry) {
    return Bytes.of(Sha256.leaf(entry.toArray()));
  }

  /** Root of the empty tree: SHA-256 of the empty string. */
  public static Bytes emptyRoot() {
    return Bytes.of(Sha256.emptyRoot());
  }

  /**
   * Verifies that {@code leafHash} is at {@code index} in the tree of {@code size} with {@code
   * root} (RFC 9162 §2.1.3.2).
   */
  public static void verifyInclusion(
      long index, long size, Bytes leafHash, List<Bytes> proof, Bytes root) throws AuditException {
    checkHash(leafHash, "leaf hash");
    checkProof(proof);
    if (index < 0 || size <= 0 || index >= size) {
      throw new AuditException(
          Reason.INDEX_OUT_OF_RANGE,
          "leaf index " + Long.toUnsignedString(index) + " not below tree size " + size);
    }
    int expected = inclusionProofLength(index, size);
    if (proof.size() != expected) {
      throw new AuditException(
          Reason.PROOF_SIZE_MISMATCH,
          "inclusion proof for "
              + index
              + " in "
              + size
              + " has "
              + proof.size()
              + " hashes, expected "
              + expected);
    }
    byte[] r = rootFromInclusion(index, size, leafHash.toArray(), proof);
    requireEqual(r, root, "root recomputed from inclusion proof of " + index + " in " + size);
  }

  /**
   * Verifies that the tree of {@code size2} with {@code root2} extends the tree of {@code size1}
   * with {@code root1} (RFC 9162 §2.1.4.2).
   */
  public static void verifyConsistency(
      long size1, long size2, Bytes root1, Bytes root2, List<Bytes> proof) throws AuditException {
    checkProof(proof);
    if (size1 < 1 || size1 > size2) {
      throw new AuditException(
          Reason.TREE_SIZE_ORDER,
          "no consistency proof from size "
              + size1
              + " to size "
              + size2
              + " (needs 0 < size1 <= size2, RFC 9162 §2.1.4)");
    }
    int expected = consistencyProofLength(size1, size2);
    if (proof.size() != expected) {
      throw new AuditException(
          Reason.PROOF_SIZE_MISMATCH,
          "consistency proof "
              + size1
              + " -> "
              + size2
              + " has "
              + proof.size()
              + " hashes, expected "
              + expected);
    }
    if (size1 == size2) {
      requireEqual(root1.toArray(), root2, "root of size " + size1);
      return;
    }
    byte[][] roots = rootsFromConsistency(size1, size2, root1.toArray(), proof);
    requireEqual(roots[0], root1, "old root recomputed from consistency proof");
    requireEqual(roots[1], root2, "new root recomputed from consistency proof");
  }

  /** Number of hashes in an inclusion proof for {@code index < size}. */
  public static int inclusionProofLength(long index, long size) {
    int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    int border = Long.bitCount(index >>> inner);
    return inner + border;
  }

  /** Number of hashes in a consistency proof for {@code size1 <= size2}. */
  public static int consistencyProofLength(long size1, long size2) {
    if (size1 == 0 || size1 == size2) {
      return 0;
    }
    int inner = 64 - Long.numberOfLeadingZeros((size1 - 1) ^ (size2 - 1));
    int border = Long.bitCount((size1 - 1) >>> inner);
    int shift = Long.numberOfTrailingZeros(size1);
    inner -= shift;
    boolean powerOfTwo = size1 == Long.lowestOneBit(size1);
    return (powerOfTwo ? 0 : 1) + inner + border;
  }

  private static byte[] rootFromInclusion(long index, long size, byte[] leaf, List<Bytes> proof) {
    long fn = index;
    long sn = size - 1;
    byte[] r = leaf;
    for (Bytes p : proof) {
      if ((fn & 1) == 1 || fn == sn) {
        r = Sha256.node(p.toArray(), r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = Sha256.node(r, p.toArray());
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return r;
  }

  private static byte[][] rootsFromConsistency(
      long size1, long size2, byte[] root1, List<Bytes> proof) {
    boolean powerOfTwo = size1 == Long.lowestOneBit(size1);
    int start = powerOfTwo ? 0 : 1;
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = powerOfTwo ? root1 : proof.get(0).toArray();
    byte[] sr = fr;
    for (Bytes c : proof.subList(start, proof.size())) {
      byte[] cb = c.toArray();
      if ((fn & 1) == 1 || fn == sn) {
        fr = Sha256.node(cb, fr);
        sr = Sha256.node(cb, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = Sha256.node(sr, cb);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return new byte[][] {fr, sr};
  }

  private static void checkProof(List<Bytes> proof) throws AuditException {
    for (int i = 0; i < proof.size(); i++) {
      checkHash(proof.get(i), "proof hash " + i);
    }
  }

  static void checkHash(Bytes h, String what) throws AuditException {
    if (h.length() != Sha256.LENGTH) {
      throw new AuditException(
          Reason.MALFORMED_HASH, what + " has " + h.length() + " bytes, expected 32");
    }
  }

  private static void requireEqual(byte[] got, Bytes want, String what) throws AuditException {
    if (!MessageDigest.isEqual(got, want.toArray())) {
      throw new AuditException(
          Reason.ROOT_MISMATCH, what + " is " + Bytes.of(got).hex() + ", expected " + want.hex());
    }
  }
}

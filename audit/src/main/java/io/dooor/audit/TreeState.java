package io.dooor.audit;

import io.dooor.common.Bytes;

/**
 * The integrated tree: its size and RFC 9162 root hash.
 *
 * @param size number of integrated entries
 * @param root MTH of those entries
 */
public record TreeState(long size, Bytes root) {
  public TreeState {
    if (size < 0 || root.length() != 32) {
      throw new IllegalArgumentException("tree state needs size >= 0 and a 32-byte root");
    }
  }

  public static TreeState empty() {
    return new TreeState(0, MerkleVerifier.emptyRoot());
  }
}

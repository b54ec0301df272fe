package io.dooor.audit.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The right frontier of a growing tree: roots of its perfect subtrees, largest first. Appending is
 * amortised O(1) hashes, the root O(log n) (RFC 9162 §2.1.1 MTH, computed incrementally).
 */
public final class CompactRange {
  private final List<byte[]> hashes = new ArrayList<>();
  private long size;

  public void append(byte[] leafHash) {
    byte[] h = leafHash;
    long s = size;
    while ((s & 1) == 1) {
      h = Sha256.node(hashes.remove(hashes.size() - 1), h);
      s >>>= 1;
    }
    hashes.add(h);
    size++;
  }

  public long size() {
    return size;
  }

  /** MTH of everything appended. */
  public byte[] root() {
    if (hashes.isEmpty()) {
      return Sha256.emptyRoot();
    }
    byte[] r = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      r = Sha256.node(hashes.get(i), r);
    }
    return r;
  }
}

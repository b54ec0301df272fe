package io.dooor.audit.internal;

import io.dooor.audit.AuditException;
import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes roots and proofs from complete-subtree hashes: MTH (RFC 9162 §2.1.1), PATH (§2.1.3.1)
 * and PROOF/SUBPROOF (§2.1.4.1), each over ranges [lo, hi) of leaves.
 */
public final class ProofBuilder {
  private ProofBuilder() {}

  /** MTH(D[0:size]). */
  public static byte[] root(long size, HashReader r) throws AuditException {
    return size == 0 ? Sha256.emptyRoot() : range(0, size, r);
  }

  /** PATH(index, D[0:size]), leaf side first. */
  public static List<Bytes> inclusion(long index, long size, HashReader r) throws AuditException {
    List<Bytes> out = new ArrayList<>();
    path(index, 0, size, r, out);
    return out;
  }

  /** PROOF(m, D[0:n]); empty when m is 0 or n. */
  public static List<Bytes> consistency(long m, long n, HashReader r) throws AuditException {
    List<Bytes> out = new ArrayList<>();
    if (m > 0 && m < n) {
      subproof(m, 0, n, true, r, out);
    }
    return out;
  }

  /** MTH(D[lo:hi]) where [lo, hi) is a range that occurs in the RFC 9162 recursion. */
  public static byte[] range(long lo, long hi, HashReader r) throws AuditException {
    long n = hi - lo;
    if (Long.bitCount(n) == 1 && lo % n == 0) {
      int level = Long.numberOfTrailingZeros(n);
      return r.hash(level, lo >>> level);
    }
    long k = split(n);
    return Sha256.node(range(lo, lo + k, r), range(lo + k, hi, r));
  }

  /** Largest power of two smaller than n (n > 1). */
  public static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static void path(long m, long lo, long hi, HashReader r, List<Bytes> out)
      throws AuditException {
    if (hi - lo <= 1) {
      return;
    }
    long k = split(hi - lo);
    if (m < lo + k) {
      path(m, lo, lo + k, r, out);
      out.add(Bytes.of(range(lo + k, hi, r)));
    } else {
      path(m, lo + k, hi, r, out);
      out.add(Bytes.of(range(lo, lo + k, r)));
    }
  }

  private static void subproof(long m, long lo, long hi, boolean b, HashReader r, List<Bytes> out)
      throws AuditException {
    if (m == hi) {
      if (!b) {
        out.add(Bytes.of(range(lo, hi, r)));
      }
      return;
    }
    long k = split(hi - lo);
    if (m <= lo + k) {
      subproof(m, lo, lo + k, b, r, out);
      out.add(Bytes.of(range(lo + k, hi, r)));
    } else {
      subproof(m, lo + k, hi, false, r, out);
      out.add(Bytes.of(range(lo, lo + k, r)));
    }
  }
}

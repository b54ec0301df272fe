package io.dooor.vetkd.internal;

import java.util.List;
import supranational.blst.PT;
import supranational.blst.Pairing;

/** Pairing products on BLS12-381: one shared final exponentiation per check. */
public final class Pairings {
  private static final int FP = 48;
  private static final G2Point NEG_G2 = G2Point.generator().negate();

  private Pairings() {}

  /** A pair (P in G1, Q in G2) of a pairing product. */
  public record Term(G1Point p, G2Point q) {}

  /**
   * True iff the product of e(P_i, Q_i) is the identity of Gt (multi-Miller loop, one final exp).
   */
  public static boolean productIsOne(List<Term> terms) {
    Pairing ctx = new Pairing(true, "");
    for (Term t : terms) {
      if (!t.p().isIdentity() && !t.q().isIdentity()) {
        ctx.raw_aggregate(t.q().affine(), t.p().affine());
      }
    }
    ctx.commit();
    return ctx.finalverify();
  }

  /**
   * The product of the Miller loops of {@code terms}, before the final exponentiation: products
   * computed on different threads are multiplied and share one final exponentiation.
   */
  public static MillerProduct millerLoop(List<Term> terms) {
    Pairing ctx = new Pairing(true, "");
    boolean any = false;
    for (Term t : terms) {
      if (!t.p().isIdentity() && !t.q().isIdentity()) {
        ctx.raw_aggregate(t.q().affine(), t.p().affine());
        any = true;
      }
    }
    if (!any) {
      return new MillerProduct(PT.one());
    }
    ctx.commit();
    return new MillerProduct(ctx.as_fp12());
  }

  /** A product of Miller loops (an Fp12 element before the final exponentiation). */
  public static final class MillerProduct {
    private final PT value;

    private MillerProduct(PT value) {
      this.value = value;
    }

    public MillerProduct times(MillerProduct o) {
      return new MillerProduct(value.dup().mul(o.value));
    }

    /** True iff the final exponentiation maps this product to the identity of Gt. */
    public boolean isOne() {
      return value.dup().final_exp().is_one();
    }
  }

  /** Convenience for two terms. */
  public static boolean productIsOne(G1Point p1, G2Point q1, G1Point p2, G2Point q2) {
    return productIsOne(List.of(new Term(p1, q1), new Term(p2, q2)));
  }

  /** The negated G2 generator, for checks written as e(a, -G2) * e(b, Q) == 1. */
  public static G2Point negG2() {
    return NEG_G2;
  }

  /**
   * e(P, Q) serialised in the ic_bls12_381 {@code Gt::to_bytes} order (spec §6 GtBytes): twelve
   * 48-byte big-endian Fp limbs c1.c2.c1, c1.c2.c0, ..., c0.c0.c1, c0.c0.c0.
   */
  public static byte[] gtBytes(G1Point p, G2Point q) {
    byte[] blst = new PT(p.affine(), q.affine()).final_exp().to_bendian();
    return reorderToZkcrypto(blst);
  }

  /**
   * blst writes limb (j, i, c) of Fp12 = (Fp6 j)(Fp2 i)(Fp c) at index 4i + 2j + c; zkcrypto writes
   * it at 6(1 - j) + 2(2 - i) + (1 - c).
   */
  static byte[] reorderToZkcrypto(byte[] blst) {
    byte[] out = new byte[12 * FP];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        for (int c = 0; c < 2; c++) {
          int from = 4 * i + 2 * j + c;
          int to = 6 * (1 - j) + 2 * (2 - i) + (1 - c);
          System.arraycopy(blst, from * FP, out, to * FP, FP);
        }
      }
    }
    return out;
  }
}

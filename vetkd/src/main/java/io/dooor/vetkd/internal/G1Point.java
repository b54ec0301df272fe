package io.dooor.vetkd.internal;

import io.dooor.vetkd.VetKdException;
import java.math.BigInteger;
import java.util.List;
import supranational.blst.P1;
import supranational.blst.P1_Affine;

/**
 * An immutable point of the BLS12-381 G1 subgroup. Instances exist only after on-curve, subgroup
 * and canonical-encoding checks (or as results of group operations). jblst mutates in place, so
 * every operation works on a fresh native copy.
 */
public final class G1Point {
  /** Compressed length. */
  public static final int BYTES = 48;

  private static final G1Point GENERATOR = new G1Point(P1_Affine.generator());
  private static final G1Point IDENTITY = new G1Point(new P1().to_affine());

  private final P1_Affine affine;

  private G1Point(P1_Affine affine) {
    this.affine = affine;
  }

  static G1Point of(P1 p) {
    return new G1Point(p.to_affine());
  }

  /** Decodes a 48-byte compressed point with every check (spec §1). */
  public static G1Point decode(byte[] bytes, IdentityPolicy policy, String what)
      throws VetKdException {
    PointCodec.checkFrame(bytes, BYTES, what);
    P1_Affine p;
    try {
      p = new P1_Affine(bytes);
    } catch (RuntimeException e) {
      throw PointCodec.notOnCurve(what, e);
    }
    PointCodec.checkDecoded(bytes, p.compress(), p.in_group(), p.is_inf(), policy, what);
    return new G1Point(p);
  }

  public static G1Point generator() {
    return GENERATOR;
  }

  public static G1Point identity() {
    return IDENTITY;
  }

  /** RFC 9380 hash_to_curve, suite BLS12381G1_XMD:SHA-256_SSWU_RO_, with the given DST. */
  public static G1Point hashToCurve(byte[] msg, String dst) {
    return of(new P1().hash_to(msg, dst));
  }

  public G1Point add(G1Point o) {
    return of(affine.to_jacobian().add(o.affine));
  }

  public G1Point sub(G1Point o) {
    return of(o.affine.to_jacobian().neg().add(affine));
  }

  public G1Point negate() {
    return of(affine.to_jacobian().neg());
  }

  /** k·this; for the generator, from {@link Comb}'s precomputed multiples (constant time). */
  public G1Point mul(Fr k) {
    return of(this == GENERATOR ? Comb.G.times(k) : affine.to_jacobian().mult(k.blst()));
  }

  /**
   * Multiplication by a public, non-negative scalar of any bit length (variable time: only for
   * public values such as batch-verification weights).
   */
  public G1Point mulPublic(BigInteger k) {
    if (k.signum() < 0) {
      throw new IllegalArgumentException("negative scalar");
    }
    if (k.signum() == 0) {
      return identity();
    }
    return of(
        this == GENERATOR && k.compareTo(Fr.ORDER) < 0
            ? Comb.G.timesPublic(k)
            : affine.to_jacobian().mult(k));
  }

  /**
   * Σ k_i·P_i for public scalars of any sign and size (Lagrange coefficients, batch-verification
   * weights), accumulated in projective form with one conversion to affine; a coefficient of
   * exactly one costs an addition only. Variable time in the scalars only: blst's point arithmetic
   * is constant-time, so a point may be secret (the vetKey in decrypt-and-verify).
   */
  public static G1Point sumOfMultiples(List<G1Point> points, List<BigInteger> scalars) {
    if (points.size() != scalars.size()) {
      throw new IllegalArgumentException("points and scalars differ in number");
    }
    P1 acc = new P1();
    for (int i = 0; i < points.size(); i++) {
      BigInteger k = scalars.get(i);
      P1_Affine p = points.get(i).affine;
      if (k.equals(BigInteger.ONE)) {
        acc.add(p);
      } else if (k.signum() != 0) {
        BigInteger m = k.abs().mod(Fr.ORDER);
        acc.add(p.to_jacobian().mult(m).cneg(k.signum() < 0));
      }
    }
    return of(acc);
  }

  /** a·x + b·y for secret scalars (constant-time multiplications), one conversion to affine. */
  public static G1Point sumOfProducts(G1Point a, Fr x, G1Point b, Fr y) {
    return of(a.affine.to_jacobian().mult(x.blst()).add(b.affine.to_jacobian().mult(y.blst())));
  }

  /** True iff this point equals k·generator, compared in projective form (no inversion). */
  public boolean isGeneratorTimes(Fr k) {
    return Comb.G.times(k).is_equal(affine.to_jacobian());
  }

  public boolean isIdentity() {
    return affine.is_inf();
  }

  public byte[] toBytes() {
    return affine.compress();
  }

  P1_Affine affine() {
    return affine;
  }

  P1 jacobian() {
    return affine.to_jacobian();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof G1Point p && affine.is_equal(p.affine);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(toBytes());
  }

  /** The generator's {@link FixedBaseTable}, built on first use. */
  static final class Comb {
    static final FixedBaseTable.Multiplier<P1, P1_Affine> G =
        new FixedBaseTable.Multiplier<>(
            FixedBaseTable.build(
                P1.generator(), P1::dup, P1::add, P1::dbl, p -> Limbs.of(p.to_affine())),
            P1::new,
            Limbs::new,
            P1::add);

    private Comb() {}
  }

  /** jblst keeps a point's limbs in a Java array; this reads and wraps them. */
  private static final class Limbs extends P1_Affine {
    Limbs(long[] limbs) {
      super(limbs);
    }

    static long[] of(P1_Affine p) {
      return getCPtr(p).clone();
    }
  }
}

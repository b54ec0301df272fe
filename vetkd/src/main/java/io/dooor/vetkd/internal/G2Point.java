package io.dooor.vetkd.internal;

import io.dooor.vetkd.VetKdException;
import java.math.BigInteger;
import java.util.List;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * An immutable point of the BLS12-381 G2 subgroup. Instances exist only after on-curve, subgroup
 * and canonical-encoding checks (or as results of group operations). jblst mutates in place, so
 * every operation works on a fresh native copy.
 */
public final class G2Point {
  /** Compressed length. */
  public static final int BYTES = 96;

  private static final G2Point GENERATOR = new G2Point(P2_Affine.generator());
  private static final G2Point IDENTITY = new G2Point(new P2().to_affine());

  private final P2_Affine affine;

  private G2Point(P2_Affine affine) {
    this.affine = affine;
  }

  static G2Point of(P2 p) {
    return new G2Point(p.to_affine());
  }

  /** Decodes a 96-byte compressed point with every check (spec §1). */
  public static G2Point decode(byte[] bytes, IdentityPolicy policy, String what)
      throws VetKdException {
    PointCodec.checkFrame(bytes, BYTES, what);
    P2_Affine p;
    try {
      p = new P2_Affine(bytes);
    } catch (RuntimeException e) {
      throw PointCodec.notOnCurve(what, e);
    }
    PointCodec.checkDecoded(bytes, p.compress(), p.in_group(), p.is_inf(), policy, what);
    return new G2Point(p);
  }

  public static G2Point generator() {
    return GENERATOR;
  }

  public static G2Point identity() {
    return IDENTITY;
  }

  /** RFC 9380 hash_to_curve, suite BLS12381G2_XMD:SHA-256_SSWU_RO_, with the given DST. */
  public static G2Point hashToCurve(byte[] msg, String dst) {
    return of(new P2().hash_to(msg, dst));
  }

  public G2Point add(G2Point o) {
    return of(affine.to_jacobian().add(o.affine));
  }

  public G2Point sub(G2Point o) {
    return of(o.affine.to_jacobian().neg().add(affine));
  }

  public G2Point negate() {
    return of(affine.to_jacobian().neg());
  }

  /** k·this; for the generator, from {@link Comb}'s precomputed multiples (constant time). */
  public G2Point mul(Fr k) {
    return of(this == GENERATOR ? Comb.G.times(k) : affine.to_jacobian().mult(k.blst()));
  }

  /**
   * Multiplication by a public, non-negative scalar of any bit length (variable time: only for
   * public values such as batch-verification weights).
   */
  public G2Point mulPublic(BigInteger k) {
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
  public static G2Point sumOfMultiples(List<G2Point> points, List<BigInteger> scalars) {
    if (points.size() != scalars.size()) {
      throw new IllegalArgumentException("points and scalars differ in number");
    }
    P2 acc = new P2();
    for (int i = 0; i < points.size(); i++) {
      BigInteger k = scalars.get(i);
      P2_Affine p = points.get(i).affine;
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
  public static G2Point sumOfProducts(G2Point a, Fr x, G2Point b, Fr y) {
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

  P2_Affine affine() {
    return affine;
  }

  P2 jacobian() {
    return affine.to_jacobian();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof G2Point p && affine.is_equal(p.affine);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(toBytes());
  }

  /** The generator's {@link FixedBaseTable}, built on first use. */
  static final class Comb {
    static final FixedBaseTable.Multiplier<P2, P2_Affine> G =
        new FixedBaseTable.Multiplier<>(
            FixedBaseTable.build(
                P2.generator(), P2::dup, P2::add, P2::dbl, p -> Limbs.of(p.to_affine())),
            P2::new,
            Limbs::new,
            P2::add);

    private Comb() {}
  }

  /** jblst keeps a point's limbs in a Java array; this reads and wraps them. */
  private static final class Limbs extends P2_Affine {
    Limbs(long[] limbs) {
      super(limbs);
    }

    static long[] of(P2_Affine p) {
      return getCPtr(p).clone();
    }
  }
}

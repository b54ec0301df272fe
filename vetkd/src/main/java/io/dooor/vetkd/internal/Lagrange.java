package io.dooor.vetkd.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Lagrange interpolation at zero over Fr for Shamir shares at x = 1..n (public values only). */
public final class Lagrange {
  /** Above this length a scaled coefficient is no cheaper than a full-width one. */
  private static final int SHORT_BITS = 128;

  private Lagrange() {}

  /**
   * The coefficients λ_i with f(0) = Σ λ_i f(x_i), for distinct positive {@code xs}: λ_i = Π_{j≠i}
   * x_j / (x_j - x_i) mod r.
   */
  public static Fr[] atZero(int[] xs) {
    Fr[] out = new Fr[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = Fr.of(coefficient(xs, i, BigInteger.ZERO));
    }
    return out;
  }

  /**
   * λ_i = a_i / L as small signed integers a_i over one common denominator L (the lcm of the
   * denominators Π_{j≠i} (x_j - x_i), divided by any factor common to every a_i), so that f(0) =
   * L^-1 · Σ a_i f(x_i). Interpolating group elements then costs t short multiplications and one
   * full one instead of t full ones, and no full one when L = 1 (e.g. consecutive indices). When
   * the integers would be long (large t), the coefficients are λ_i mod r themselves and L = 1.
   */
  public static Scaled atZeroScaled(int[] xs) {
    BigInteger[] num = new BigInteger[xs.length];
    BigInteger[] den = new BigInteger[xs.length];
    BigInteger lcm = BigInteger.ONE;
    for (int i = 0; i < xs.length; i++) {
      num[i] = BigInteger.ONE;
      den[i] = BigInteger.ONE;
      for (int j = 0; j < xs.length; j++) {
        if (j != i) {
          num[i] = num[i].multiply(BigInteger.valueOf(xs[j]));
          den[i] = den[i].multiply(BigInteger.valueOf((long) xs[j] - xs[i]));
        }
      }
      if (den[i].signum() == 0) {
        throw new IllegalArgumentException("indices are not distinct");
      }
      lcm = lcm.divide(lcm.gcd(den[i])).multiply(den[i].abs());
    }
    BigInteger[] scaled = new BigInteger[xs.length];
    BigInteger common = lcm;
    for (int i = 0; i < xs.length; i++) {
      scaled[i] = num[i].multiply(lcm.divide(den[i]));
      common = common.gcd(scaled[i]);
    }
    List<BigInteger> a = new ArrayList<>();
    for (BigInteger v : scaled) {
      a.add(v.divide(common));
    }
    lcm = lcm.divide(common);
    if (a.stream().anyMatch(v -> v.bitLength() > SHORT_BITS)) {
      List<BigInteger> plain = new ArrayList<>();
      for (Fr l : atZero(xs)) {
        plain.add(l.toBigInteger());
      }
      return new Scaled(plain, BigInteger.ONE);
    }
    return new Scaled(a, lcm);
  }

  /** Coefficients over a common denominator: λ_i = coefficients_i / denominator (mod r). */
  public record Scaled(List<BigInteger> coefficients, BigInteger denominator) {
    public Scaled {
      coefficients = List.copyOf(coefficients);
    }

    /** Σ λ_i P_i in G1 (public points, variable time). */
    public G1Point combineG1(List<G1Point> points) {
      G1Point sum = G1Point.sumOfMultiples(points, coefficients);
      return isIntegral() ? sum : sum.mulPublic(denominator.modInverse(Fr.ORDER));
    }

    /** Σ λ_i P_i in G2 (public points, variable time). */
    public G2Point combineG2(List<G2Point> points) {
      G2Point sum = G2Point.sumOfMultiples(points, coefficients);
      return isIntegral() ? sum : sum.mulPublic(denominator.modInverse(Fr.ORDER));
    }

    /** True when every λ_i is an integer (e.g. consecutive indices): no final multiplication. */
    public boolean isIntegral() {
      return denominator.equals(BigInteger.ONE);
    }
  }

  /** λ_i evaluated at point {@code at} (used when resharing onto new indices). */
  public static BigInteger coefficient(int[] xs, int i, BigInteger at) {
    BigInteger num = BigInteger.ONE;
    BigInteger den = BigInteger.ONE;
    BigInteger xi = BigInteger.valueOf(xs[i]);
    for (int j = 0; j < xs.length; j++) {
      if (j != i) {
        BigInteger xj = BigInteger.valueOf(xs[j]);
        num = num.multiply(at.subtract(xj)).mod(Fr.ORDER);
        den = den.multiply(xi.subtract(xj)).mod(Fr.ORDER);
      }
    }
    if (den.signum() == 0) {
      throw new IllegalArgumentException("indices are not distinct");
    }
    return num.multiply(den.modInverse(Fr.ORDER)).mod(Fr.ORDER);
  }
}

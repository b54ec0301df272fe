package io.dooor.vetkd.internal;

import java.math.BigInteger;

/** Lagrange interpolation at zero over Fr for Shamir shares at x = 1..n (public values only). */
public final class Lagrange {
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

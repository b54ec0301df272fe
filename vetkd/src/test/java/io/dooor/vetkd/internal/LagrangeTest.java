package io.dooor.vetkd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scaled (common-denominator) Lagrange form equals λ_i mod r, and interpolates points. */
class LagrangeTest {
  @Test
  void scaledCoefficientsAreTheLagrangeCoefficients() {
    // every subset of 1..9 with 1 to 5 elements
    for (int mask = 1; mask < 1 << 9; mask++) {
      if (Integer.bitCount(mask) <= 5) {
        assertSameAsPlain(indices(mask));
      }
    }
  }

  @Test
  void largeThresholdsFallBackToFullCoefficients() {
    int[] xs = new int[60];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = 255 - 4 * i;
    }
    Lagrange.Scaled s = Lagrange.atZeroScaled(xs);
    assertThat(s.isIntegral()).isTrue();
    assertSameAsPlain(xs);
  }

  @Test
  void consecutiveIndicesNeedNoDenominator() {
    assertThat(Lagrange.atZeroScaled(new int[] {2, 3, 4}).isIntegral()).isTrue();
    assertThat(Lagrange.atZeroScaled(new int[] {1, 4, 5}).isIntegral()).isFalse();
  }

  @Test
  void combinesPointsToTheSecretsImage() {
    SecureRandom rng = new SecureRandom();
    // f(x) = a0 + a1 x + a2 x^2; points f(i)·G1 and f(i)·G2 interpolate to a0·G1 and a0·G2
    Fr[] a = {Fr.random(rng), Fr.random(rng), Fr.random(rng)};
    for (int[] xs : new int[][] {{1, 2, 3}, {1, 4, 5}, {7, 2, 9}}) {
      List<G1Point> p1 = new ArrayList<>();
      List<G2Point> p2 = new ArrayList<>();
      for (int x : xs) {
        Fr fx =
            a[0].add(a[1].mul(Fr.of(BigInteger.valueOf(x))))
                .add(a[2].mul(Fr.of(BigInteger.valueOf((long) x * x))));
        p1.add(G1Point.generator().mul(fx));
        p2.add(G2Point.generator().mul(fx));
      }
      Lagrange.Scaled s = Lagrange.atZeroScaled(xs);
      assertThat(s.combineG1(p1)).isEqualTo(G1Point.generator().mul(a[0]));
      assertThat(s.combineG2(p2)).isEqualTo(G2Point.generator().mul(a[0]));
    }
  }

  private static void assertSameAsPlain(int[] xs) {
    Lagrange.Scaled s = Lagrange.atZeroScaled(xs);
    Fr[] plain = Lagrange.atZero(xs);
    BigInteger inv = s.denominator().modInverse(Fr.ORDER);
    for (int i = 0; i < xs.length; i++) {
      BigInteger scaled = s.coefficients().get(i).multiply(inv).mod(Fr.ORDER);
      assertThat(scaled).isEqualTo(plain[i].toBigInteger());
    }
  }

  private static int[] indices(int mask) {
    return java.util.stream.IntStream.rangeClosed(1, 9)
        .filter(i -> (mask & (1 << (i - 1))) != 0)
        .toArray();
  }
}

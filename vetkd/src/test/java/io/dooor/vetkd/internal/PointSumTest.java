package io.dooor.vetkd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The projective multi-term helpers agree with term-by-term arithmetic. */
class PointSumTest {
  private static final SecureRandom RNG = new SecureRandom();

  @Test
  void sumOfMultiplesMatchesTermByTerm() {
    G1Point a = G1Point.generator().mul(Fr.random(RNG));
    G1Point b = G1Point.hashToCurve(new byte[] {1}, "test");
    G2Point c = G2Point.generator().mul(Fr.random(RNG));
    G2Point d = G2Point.hashToCurve(new byte[] {2}, "test");
    BigInteger w = new BigInteger(64, RNG);
    BigInteger big = Fr.ORDER.add(BigInteger.valueOf(5)); // reduced mod r
    for (BigInteger k : List.of(BigInteger.ZERO, BigInteger.ONE, w, w.negate(), big)) {
      BigInteger km = k.mod(Fr.ORDER);
      assertThat(G1Point.sumOfMultiples(List.of(a, b), List.of(k, w)))
          .isEqualTo(a.mulPublic(km).add(b.mulPublic(w)));
      assertThat(G2Point.sumOfMultiples(List.of(c, d), List.of(w, k)))
          .isEqualTo(c.mulPublic(w).add(d.mulPublic(km)));
    }
    assertThat(G1Point.sumOfMultiples(List.of(), List.of()).isIdentity()).isTrue();
    assertThat(
            G1Point.sumOfMultiples(List.of(a, a.negate()), List.of(BigInteger.ONE, BigInteger.ONE))
                .isIdentity())
        .isTrue();
  }

  @Test
  void sumOfProductsAndGeneratorCheck() {
    Fr x = Fr.random(RNG);
    Fr y = Fr.random(RNG);
    G1Point a = G1Point.hashToCurve(new byte[] {3}, "test");
    assertThat(G1Point.sumOfProducts(a, x, G1Point.generator(), y))
        .isEqualTo(a.mul(x).add(G1Point.generator().mul(y)));
    assertThat(G2Point.sumOfProducts(G2Point.generator(), x, G2Point.identity(), y))
        .isEqualTo(G2Point.generator().mul(x));
    assertThat(G2Point.generator().mul(x).isGeneratorTimes(x)).isTrue();
    assertThat(G2Point.generator().mul(x).isGeneratorTimes(y)).isFalse();
    assertThat(G1Point.generator().mul(y).isGeneratorTimes(y)).isTrue();
    assertThat(G1Point.identity().isGeneratorTimes(x)).isFalse();
  }

  @Test
  void millerProductsShareOneFinalExponentiation() {
    G1Point p = G1Point.generator().mul(Fr.random(RNG));
    G2Point q = G2Point.generator().mul(Fr.random(RNG));
    Pairings.Term pq = new Pairings.Term(p, q);
    Pairings.Term minusPq = new Pairings.Term(p.negate(), q);
    Pairings.Term other = new Pairings.Term(G1Point.generator(), q);
    assertThat(
            Pairings.millerLoop(List.of(pq)).times(Pairings.millerLoop(List.of(minusPq))).isOne())
        .isTrue();
    assertThat(Pairings.millerLoop(List.of(pq, minusPq)).isOne()).isTrue();
    assertThat(Pairings.millerLoop(List.of(pq)).isOne()).isFalse();
    assertThat(Pairings.millerLoop(List.of(pq)).times(Pairings.millerLoop(List.of(other))).isOne())
        .isFalse();
    Pairings.Term identity = new Pairings.Term(G1Point.identity(), q);
    assertThat(Pairings.millerLoop(List.of(identity)).isOne()).isTrue();
  }
}

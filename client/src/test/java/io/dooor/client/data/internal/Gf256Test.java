package io.dooor.client.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The field laws over all elements, and values published with Backblaze JavaReedSolomon. */
class Gf256Test {
  @Test
  void publishedProductsAndPowers() {
    // Backblaze JavaReedSolomon GaloisTest.testWithPythonAnswers
    assertThat(Gf256.mul(3, 4)).isEqualTo(12);
    assertThat(Gf256.mul(7, 7)).isEqualTo(21);
    assertThat(Gf256.mul(23, 45)).isEqualTo(41);
    assertThat(Gf256.pow(2, 2)).isEqualTo(4);
    assertThat(Gf256.pow(5, 20)).isEqualTo(235);
    assertThat(Gf256.pow(13, 7)).isEqualTo(43);
  }

  @Test
  void multiplicationIsCommutativeAndDistributesOverAddition() {
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        assertThat(Gf256.mul(a, b)).isEqualTo(Gf256.mul(b, a));
        for (int c = 0; c < 256; c += 17) {
          assertThat(Gf256.mul(a, b ^ c)).isEqualTo(Gf256.mul(a, b) ^ Gf256.mul(a, c));
          assertThat(Gf256.mul(a, Gf256.mul(b, c))).isEqualTo(Gf256.mul(Gf256.mul(a, b), c));
        }
      }
    }
  }

  @Test
  void everyNonZeroElementHasAnInverseAndTwoGeneratesTheGroup() {
    boolean[] seen = new boolean[256];
    for (int e = 0; e < 255; e++) {
      seen[Gf256.pow(2, e)] = true;
    }
    for (int a = 1; a < 256; a++) {
      assertThat(seen[a]).as("2 generates %d", a).isTrue();
      assertThat(Gf256.mul(a, Gf256.inv(a))).isEqualTo(1);
      assertThat(Gf256.div(Gf256.mul(a, 77), a)).isEqualTo(77);
    }
    assertThatThrownBy(() -> Gf256.inv(0)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void powerMatchesRepeatedMultiplication() {
    for (int a = 0; a < 256; a++) {
      int p = 1;
      for (int e = 0; e < 300; e++) {
        assertThat(Gf256.pow(a, e)).as("%d^%d", a, e).isEqualTo(p);
        p = Gf256.mul(p, a);
      }
    }
  }
}

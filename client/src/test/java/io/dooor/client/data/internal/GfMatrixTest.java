package io.dooor.client.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Matrix vectors published with Backblaze JavaReedSolomon (MatrixTest) and klauspost's matrix_test.
 */
class GfMatrixTest {
  @Test
  void publishedProduct() {
    GfMatrix a = GfMatrix.of(new int[][] {{1, 2}, {3, 4}});
    GfMatrix b = GfMatrix.of(new int[][] {{5, 6}, {7, 8}});
    assertThat(a.times(b)).hasToString("[[11, 22], [19, 42]]");
  }

  @Test
  void publishedInverses() {
    GfMatrix m = GfMatrix.of(new int[][] {{56, 23, 98}, {3, 100, 200}, {45, 201, 123}});
    assertThat(m.inverse()).hasToString("[[175, 133, 33], [130, 13, 245], [112, 35, 126]]");
    assertThat(m.times(m.inverse())).isEqualTo(GfMatrix.identity(3));

    GfMatrix m2 =
        GfMatrix.of(
            new int[][] {
              {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}, {7, 7, 6, 6, 1}
            });
    assertThat(m2.inverse())
        .hasToString(
            "[[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [123, 123, 1, 122, 122], [0, 0, 1, 0, 0],"
                + " [0, 0, 0, 1, 0]]");
  }

  @Test
  void singularAndNonSquareMatricesHaveNoInverse() {
    assertThatThrownBy(() -> GfMatrix.of(new int[][] {{4, 2}, {12, 6}}).inverse())
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> GfMatrix.of(new int[][] {{56, 23}, {3, 100}, {45, 201}}).inverse())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void vandermondeRows() {
    assertThat(GfMatrix.vandermonde(3, 3)).hasToString("[[1, 0, 0], [1, 1, 1], [1, 2, 4]]");
  }
}

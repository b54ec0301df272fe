package io.dooor.client.data.internal;

import java.util.Arrays;

/** An immutable matrix over {@link Gf256}, with the few operations Reed-Solomon coding needs. */
public final class GfMatrix {
  private final int[][] cells;
  private final int cols;

  private GfMatrix(int[][] cells, int cols) {
    this.cells = cells;
    this.cols = cols;
  }

  /** A matrix of the given rows (copied); every row has the same length, every cell is a byte. */
  public static GfMatrix of(int[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("a matrix needs at least one row");
    }
    int[][] copy = new int[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != rows[0].length) {
        throw new IllegalArgumentException("row " + r + " has another length than row 0");
      }
      for (int v : rows[r]) {
        if (v < 0 || v > 255) {
          throw new IllegalArgumentException("cell " + v + " is not an element of GF(2^8)");
        }
      }
      copy[r] = rows[r].clone();
    }
    return new GfMatrix(copy, rows[0].length);
  }

  public static GfMatrix identity(int size) {
    int[][] m = new int[size][size];
    for (int i = 0; i < size; i++) {
      m[i][i] = 1;
    }
    return new GfMatrix(m, size);
  }

  /** The rows x cols Vandermonde matrix {@code m[r][c] = r^c} (0^0 = 1); rows <= 256. */
  public static GfMatrix vandermonde(int rows, int cols) {
    int[][] m = new int[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = Gf256.pow(r, c);
      }
    }
    return new GfMatrix(m, cols);
  }

  public int rows() {
    return cells.length;
  }

  public int cols() {
    return cols;
  }

  public int get(int row, int col) {
    return cells[row][col];
  }

  /** A copy of one row. */
  public int[] row(int row) {
    return cells[row].clone();
  }

  /** this x other. */
  public GfMatrix times(GfMatrix other) {
    if (cols() != other.rows()) {
      throw new IllegalArgumentException(
          "cannot multiply " + rows() + "x" + cols() + " by " + other.rows() + "x" + other.cols());
    }
    int[][] m = new int[rows()][other.cols()];
    for (int r = 0; r < rows(); r++) {
      for (int c = 0; c < other.cols(); c++) {
        int sum = 0;
        for (int i = 0; i < cols(); i++) {
          sum ^= Gf256.mul(cells[r][i], other.cells[i][c]);
        }
        m[r][c] = sum;
      }
    }
    return new GfMatrix(m, other.cols);
  }

  /** The matrix made of the given rows of this one, in the given order. */
  public GfMatrix selectRows(int... rowIndices) {
    int[][] m = new int[rowIndices.length][];
    for (int i = 0; i < rowIndices.length; i++) {
      m[i] = cells[rowIndices[i]].clone();
    }
    return new GfMatrix(m, cols);
  }

  /**
   * The inverse, by Gauss-Jordan elimination.
   *
   * @throws ArithmeticException if the matrix is singular
   * @throws IllegalArgumentException if it is not square
   */
  public GfMatrix inverse() {
    int size = rows();
    if (cols() != size) {
      throw new IllegalArgumentException("only a square matrix has an inverse");
    }
    int[][] a = new int[size][];
    int[][] inv = identity(size).cells;
    for (int r = 0; r < size; r++) {
      a[r] = cells[r].clone();
    }
    for (int col = 0; col < size; col++) {
      pivot(a, inv, col);
      eliminate(a, inv, col);
    }
    return new GfMatrix(inv, size);
  }

  /** Brings a row with a non-zero cell in column col to row col and scales it to 1 there. */
  private static void pivot(int[][] a, int[][] inv, int col) {
    int p = col;
    while (p < a.length && a[p][col] == 0) {
      p++;
    }
    if (p == a.length) {
      throw new ArithmeticException("singular matrix");
    }
    swap(a, p, col);
    swap(inv, p, col);
    int scale = Gf256.inv(a[col][col]);
    for (int c = 0; c < a.length; c++) {
      a[col][c] = Gf256.mul(a[col][c], scale);
      inv[col][c] = Gf256.mul(inv[col][c], scale);
    }
  }

  /** Clears column col in every row but row col. */
  private static void eliminate(int[][] a, int[][] inv, int col) {
    for (int r = 0; r < a.length; r++) {
      int f = a[r][col];
      if (r != col && f != 0) {
        for (int c = 0; c < a.length; c++) {
          a[r][c] ^= Gf256.mul(f, a[col][c]);
          inv[r][c] ^= Gf256.mul(f, inv[col][c]);
        }
      }
    }
  }

  private static void swap(int[][] m, int i, int j) {
    int[] t = m[i];
    m[i] = m[j];
    m[j] = t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GfMatrix m && cols == m.cols && Arrays.deepEquals(cells, m.cells);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(cells);
  }

  /** As "[[1, 0], [0, 1]]", the form of the published test vectors. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int r = 0; r < cells.length; r++) {
      sb.append(r == 0 ? "" : ", ").append(Arrays.toString(cells[r]));
    }
    return sb.append(']').toString();
  }
}

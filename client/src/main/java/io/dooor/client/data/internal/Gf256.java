package io.dooor.client.data.internal;

/**
 * The field GF(2^8) built on the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) with generator 2: the
 * field of Backblaze JavaReedSolomon, klauspost/reedsolomon and the ISA-L/Jerasure w=8 codes.
 * Addition is XOR; multiplication goes through logarithm tables, or the full product table for bulk
 * work ({@link GfSlices}).
 */
public final class Gf256 {
  /** The reduction polynomial, bit 8 included. */
  public static final int POLYNOMIAL = 0x11D;

  private static final int[] LOG = new int[256];
  private static final int[] EXP = new int[510];
  private static final byte[][] PRODUCTS = new byte[256][256];

  static {
    int x = 1;
    for (int i = 0; i < 255; i++) {
      EXP[i] = x;
      EXP[i + 255] = x;
      LOG[x] = i;
      x <<= 1;
      if (x >= 256) {
        x ^= POLYNOMIAL;
      }
    }
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        PRODUCTS[a][b] = (byte) mul(a, b);
      }
    }
  }

  private Gf256() {}

  /** a * b for field elements in [0, 256). */
  public static int mul(int a, int b) {
    return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
  }

  /** The multiplicative inverse of a non-zero element. */
  public static int inv(int a) {
    if (a == 0) {
      throw new ArithmeticException("0 has no inverse in GF(2^8)");
    }
    return EXP[255 - LOG[a]];
  }

  /** a / b for b != 0. */
  public static int div(int a, int b) {
    return mul(a, inv(b));
  }

  /** a raised to the power e >= 0, with 0^0 = 1 (the convention of a Vandermonde matrix). */
  public static int pow(int a, int e) {
    if (e == 0) {
      return 1;
    }
    return a == 0 ? 0 : EXP[(int) ((long) LOG[a] * e % 255)];
  }

  /** The row of the product table for c: {@code productsOf(c)[x] == mul(c, x)} (do not modify). */
  static byte[] productsOf(int c) {
    return PRODUCTS[c];
  }
}

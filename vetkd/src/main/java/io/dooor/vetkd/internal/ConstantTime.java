package io.dooor.vetkd.internal;

/** Branch-free helpers for secret data. */
public final class ConstantTime {
  private ConstantTime() {}

  /**
   * True iff the big-endian integer {@code a} is below {@code bound} (same length), in constant
   * time.
   */
  public static boolean lessThan(byte[] a, byte[] bound) {
    if (a.length != bound.length) {
      throw new IllegalArgumentException("length mismatch");
    }
    int borrow = 0;
    for (int i = a.length - 1; i >= 0; i--) {
      int d = (a[i] & 0xff) - (bound[i] & 0xff) - borrow;
      borrow = (d >>> 31) & 1;
    }
    return borrow == 1;
  }

  /** XOR of two equal-length arrays into a fresh array. */
  public static byte[] xor(byte[] a, byte[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("length mismatch");
    }
    byte[] out = new byte[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }
}

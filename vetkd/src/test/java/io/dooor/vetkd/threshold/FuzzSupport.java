package io.dooor.vetkd.threshold;

/** Helpers shared by the fuzz harnesses. */
final class FuzzSupport {
  private FuzzSupport() {}

  /** {@code valid} with {@code data} XORed over its start: structured but corrupted input. */
  static byte[] corrupt(byte[] valid, byte[] data) {
    byte[] out = valid.clone();
    for (int i = 0; i < Math.min(out.length, data.length); i++) {
      out[i] ^= data[i];
    }
    return out;
  }
}

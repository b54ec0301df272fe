package io.dooor.vetkd.internal;

/**
 * SHAKE256 (FIPS 202) extendable-output function; Java 17 does not expose it. Used for the IBE
 * message mask (spec §6 step 5).
 */
public final class Shake256 {
  private static final int RATE = 136;
  private static final long[] RC = {
    0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
    0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
    0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
    0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
    0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
    0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L
  };
  private static final int[] ROT = {
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14
  };

  private Shake256() {}

  /** SHAKE256(input) truncated to {@code outLen} bytes. */
  public static byte[] digest(byte[] input, int outLen) {
    long[] s = new long[25];
    int off = 0;
    for (; input.length - off >= RATE; off += RATE) {
      absorb(s, input, off, RATE);
      keccakF(s);
    }
    byte[] last = new byte[RATE];
    System.arraycopy(input, off, last, 0, input.length - off);
    last[input.length - off] ^= 0x1f;
    last[RATE - 1] ^= (byte) 0x80;
    absorb(s, last, 0, RATE);
    keccakF(s);
    return squeeze(s, outLen);
  }

  private static byte[] squeeze(long[] s, int outLen) {
    byte[] out = new byte[outLen];
    for (int off = 0; ; ) {
      for (int i = 0; i < RATE && off < outLen; i++, off++) {
        out[off] = (byte) (s[i >>> 3] >>> (8 * (i & 7)));
      }
      if (off >= outLen) {
        return out;
      }
      keccakF(s);
    }
  }

  private static void absorb(long[] s, byte[] in, int off, int len) {
    for (int i = 0; i < len; i++) {
      s[i >>> 3] ^= (in[off + i] & 0xffL) << (8 * (i & 7));
    }
  }

  private static void keccakF(long[] a) {
    long[] b = new long[25];
    long[] c = new long[5];
    for (int round = 0; round < 24; round++) {
      for (int x = 0; x < 5; x++) {
        c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
      }
      for (int x = 0; x < 5; x++) {
        long d = c[(x + 4) % 5] ^ Long.rotateLeft(c[(x + 1) % 5], 1);
        for (int y = 0; y < 25; y += 5) {
          a[y + x] ^= d;
        }
      }
      for (int x = 0; x < 5; x++) {
        for (int y = 0; y < 5; y++) {
          b[y + 5 * ((2 * x + 3 * y) % 5)] = Long.rotateLeft(a[x + 5 * y], ROT[x + 5 * y]);
        }
      }
      for (int y = 0; y < 25; y += 5) {
        for (int x = 0; x < 5; x++) {
          a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
        }
      }
      a[0] ^= RC[round];
    }
  }
}

package io.dooor.client.data.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The lane-parallel loops against byte-by-byte multiplication, for every constant. */
class GfSlicesTest {
  @Test
  void everyConstantAtRandomOffsetsAndLengths() {
    long seed = new SecureRandom().nextLong();
    System.out.println("GfSlicesTest seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int c = 0; c < 256; c++) {
      int len = rnd.nextInt(0, 300);
      int inOff = rnd.nextInt(0, 9);
      int outOff = rnd.nextInt(0, 9);
      byte[] in = bytes(rnd, inOff + len + rnd.nextInt(0, 9));
      byte[] out = bytes(rnd, outOff + len + rnd.nextInt(0, 9));
      byte[] set = out.clone();
      byte[] add = out.clone();
      GfSlices.mul(c, in, inOff, set, outOff, len);
      GfSlices.mulAdd(c, in, inOff, add, outOff, len);
      for (int i = 0; i < out.length; i++) {
        int j = i - outOff;
        boolean inside = j >= 0 && j < len;
        int p = inside ? Gf256.mul(c, in[inOff + j] & 0xff) : -1;
        assertThat(set[i] & 0xff).as("c=%d i=%d", c, i).isEqualTo(inside ? p : out[i] & 0xff);
        assertThat(add[i] & 0xff)
            .as("c=%d i=%d", c, i)
            .isEqualTo(inside ? p ^ (out[i] & 0xff) : out[i] & 0xff);
      }
    }
  }

  private static byte[] bytes(SplittableRandom rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }
}

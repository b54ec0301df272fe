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
      int from = rnd.nextInt(0, 17);
      int to = from + rnd.nextInt(0, 300);
      byte[] in = bytes(rnd, to + rnd.nextInt(0, 9));
      byte[] out = bytes(rnd, in.length);
      byte[] set = out.clone();
      byte[] add = out.clone();
      GfSlices.mul(c, in, set, from, to);
      GfSlices.mulAdd(c, in, add, from, to);
      for (int i = 0; i < out.length; i++) {
        boolean inside = i >= from && i < to;
        int p = inside ? Gf256.mul(c, in[i] & 0xff) : -1;
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

package io.dooor.client.data.internal;

import java.io.IOException;
import java.io.InputStream;

/** The ciphertext stream of a blob, read stripe by stripe from its shards. */
public final class CiphertextInput extends InputStream {
  private final StripeReader stripes;
  private final int k;
  private long remaining;
  private int pos;
  private int limit;
  private boolean done;

  public CiphertextInput(StripeReader stripes, int dataShards, long ciphertextLength) {
    this.stripes = stripes;
    this.k = dataShards;
    this.remaining = ciphertextLength;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == limit && !advance()) {
      return -1;
    }
    int n = stripes.copyData(pos, b, off, Math.min(len, limit - pos));
    pos += n;
    return n;
  }

  private boolean advance() throws IOException {
    if (done) {
      return false;
    }
    int u = stripes.next();
    if (u < 0) {
      done = true;
      return false;
    }
    pos = 0;
    limit = (int) Math.min((long) k * u, remaining);
    remaining -= limit;
    return true;
  }
}

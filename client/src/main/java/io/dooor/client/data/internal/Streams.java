package io.dooor.client.data.internal;

import java.io.IOException;
import java.io.InputStream;

/** Blocking reads shared by the stream and shard code. */
public final class Streams {
  private Streams() {}

  /** Reads until {@code len} bytes or end of stream; returns the count read. */
  public static int fill(InputStream in, byte[] b, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      int n = in.read(b, off + done, len - done);
      if (n < 0) {
        break;
      }
      done += n;
    }
    return done;
  }
}

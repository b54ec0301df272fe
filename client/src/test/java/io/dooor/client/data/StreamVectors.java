package io.dooor.client.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

/** Helpers for stream tests: encryption to a byte array, and random plaintext. */
final class StreamVectors {
  private StreamVectors() {}

  static byte[] encrypt(DataKey key, BlobId id, int chunk, byte[] plaintext) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedAead.encrypt(key, id, chunk, new ByteArrayInputStream(plaintext), out);
    return out.toByteArray();
  }

  static byte[] decrypt(DataKey key, BlobId id, int chunk, byte[] ciphertext)
      throws IOException, DataException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedAead.decrypt(key, id, chunk, new ByteArrayInputStream(ciphertext), out);
    return out.toByteArray();
  }

  static byte[] random(SplittableRandom rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** 0, 1, around chunk boundaries, or anything up to 5 chunks. */
  static int size(SplittableRandom rnd, int chunk) {
    switch (rnd.nextInt(5)) {
      case 0:
        return rnd.nextInt(0, 2);
      case 1:
        return chunk * rnd.nextInt(1, 4) + rnd.nextInt(-1, 2);
      default:
        return rnd.nextInt(0, 5 * chunk);
    }
  }
}

package io.dooor.client.data;

import io.dooor.common.Bytes;

/**
 * A blob's data key wrapped for its readers: the IBE ciphertext (vetKD IBE, DESIGN §5) of the 32
 * key bytes to the identity of the blob id, under the public key derived for context {@code
 * dooor/data} at key epoch {@code epoch}. Opaque here: the module that holds vetKD produces and
 * opens it. Re-wrapping under a new epoch replaces this value and nothing else.
 */
public record WrappedDataKey(long epoch, Bytes ciphertext) {
  public static final long MAX_EPOCH = 0xFFFF_FFFFL;
  public static final int MAX_LENGTH = 1024;

  public WrappedDataKey {
    if (epoch < 0 || epoch > MAX_EPOCH) {
      throw new IllegalArgumentException("key epoch " + epoch + " outside [0, 2^32)");
    }
    if (ciphertext.isEmpty() || ciphertext.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "wrapped key of " + ciphertext.length() + " bytes, need 1.." + MAX_LENGTH);
    }
  }
}

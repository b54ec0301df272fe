package io.dooor.client.data.internal;

import java.io.IOException;

/**
 * A shard that verified before decoding read differently during it: raised through the InputStream
 * API of the ciphertext and turned into a DataException by the decoder.
 */
public final class ShardChangedException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int shard;

  public ShardChangedException(int shard, String message) {
    super(message);
    this.shard = shard;
  }

  public int shard() {
    return shard;
  }
}

package io.dooor.client.data;

import io.dooor.client.data.internal.StripeWriter;
import io.dooor.client.data.internal.Workers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * encrypt + encode, without the network: a plaintext stream becomes n shard streams and the
 * description of the shards (DESIGN §6). A fresh data key encrypts the stream in chunks ({@link
 * ChunkedAead}); the ciphertext is cut into stripes and Reed-Solomon coded ({@link ReedSolomon}),
 * unit i of every stripe going to shard i, and each shard is hashed as it is written. Memory is
 * bounded by the chunk and stripe sizes, never by the blob's size.
 */
public final class BlobEncoder {
  private final BlobLayout layout;
  private final int threads;

  private BlobEncoder(BlobLayout layout, int threads) {
    this.layout = layout;
    this.threads = threads;
  }

  /** An encoder that hashes and writes each shard on a thread of its own, in parallel. */
  public static BlobEncoder create(BlobLayout layout) {
    return create(layout, layout.totalShards());
  }

  /**
   * An encoder that hashes and writes shards on {@code threads} threads of its own, started for
   * each blob (0: on the caller's thread).
   */
  public static BlobEncoder create(BlobLayout layout, int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads " + threads);
    }
    return new BlobEncoder(layout, threads);
  }

  /**
   * Encrypts and codes {@code plaintext} (read to its end) under a fresh id and data key.
   *
   * @param shards n streams; shard i is written to {@code shards.get(i)}, which stays open
   */
  public EncodedBlob encode(InputStream plaintext, List<? extends OutputStream> shards)
      throws IOException {
    return encode(BlobId.random(), DataKey.generate(), plaintext, shards);
  }

  /** As {@link #encode(InputStream, List)}, with a given id and key (never reuse a key). */
  public EncodedBlob encode(
      BlobId id, DataKey key, InputStream plaintext, List<? extends OutputStream> shards)
      throws IOException {
    try (Workers workers = Workers.create(threads)) {
      StripeWriter stripes = new StripeWriter(layout, id, shards, workers);
      long size = ChunkedAead.encrypt(key, id, layout.chunkSize(), plaintext, stripes);
      if (size > layout.maxSize()) {
        throw new IOException("plaintext of " + size + " bytes over " + layout.maxSize());
      }
      return new EncodedBlob(new CodedBlob(id, size, layout, stripes.finish()), key);
    }
  }
}

package io.dooor.client.data;

import io.dooor.client.data.internal.ShardHeader;

/**
 * How a blob is cut: plaintext chunks of {@code chunkSize} bytes for the AEAD, and the ciphertext
 * in stripes of {@code dataShards} units of {@code unitSize} bytes, each stripe coded into {@code
 * totalShards} units, one per shard. The last stripe is shorter: its unit is ceil(rest / k) bytes,
 * the data zero-padded to k of them. Memory for coding is bounded by n x unitSize.
 */
public record BlobLayout(int chunkSize, int dataShards, int totalShards, int unitSize) {
  public static final int MIN_CHUNK = 16;
  public static final int MAX_CHUNK = 4 << 20;
  public static final int MAX_UNIT = 4 << 20;

  /** The largest n x unitSize: the most a decoder allocates for one stripe. */
  public static final long MAX_STRIPE = 64L << 20;

  /** The largest blob: 1 TiB. */
  public static final long MAX_SIZE = 1L << 40;

  /** 64 KiB chunks and units, 3 of 5 shards. */
  public static final BlobLayout DEFAULT = new BlobLayout(64 << 10, 3, 5, 64 << 10);

  /** Every value in range: the checks of a parser as well as a constructor. */
  public BlobLayout {
    if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
      throw new IllegalArgumentException(
          "chunk size " + chunkSize + " outside [" + MIN_CHUNK + ", " + MAX_CHUNK + "]");
    }
    if (dataShards < 1 || dataShards > totalShards || totalShards > ReedSolomon.MAX_SHARDS) {
      throw new IllegalArgumentException(
          "need 1 <= k <= n <= 255, got k=" + dataShards + " n=" + totalShards);
    }
    if (unitSize < 1 || unitSize > MAX_UNIT || (long) totalShards * unitSize > MAX_STRIPE) {
      throw new IllegalArgumentException(
          "unit size "
              + unitSize
              + " outside [1, "
              + MAX_UNIT
              + "] or n x unit over "
              + MAX_STRIPE);
    }
  }

  /** The default chunk and unit sizes with k of n shards. */
  public static BlobLayout of(int dataShards, int totalShards) {
    return new BlobLayout(DEFAULT.chunkSize, dataShards, totalShards, DEFAULT.unitSize);
  }

  /** The largest plaintext this layout takes: 1 TiB, or 2^32 chunks. */
  public long maxSize() {
    return Math.min(MAX_SIZE, ((long) chunkSize) << 32);
  }

  /** AEAD chunks of a plaintext of {@code size} bytes: at least one (the final chunk). */
  public long chunks(long size) {
    return Math.max(1, ceilDiv(size, chunkSize));
  }

  /** Bytes of the ciphertext stream: header, plaintext, one tag per chunk. */
  public long ciphertextLength(long size) {
    return ChunkedAead.HEADER_LENGTH + size + ChunkedAead.TAG_LENGTH * chunks(size);
  }

  /** Stripes of the ciphertext. */
  public long stripes(long size) {
    return ceilDiv(ciphertextLength(size), (long) dataShards * unitSize);
  }

  /** Unit size of the last stripe: ceil(rest / k), at most unitSize. */
  public int lastUnit(long size) {
    long rest = ciphertextLength(size) - (stripes(size) - 1) * dataShards * unitSize;
    return (int) ceilDiv(rest, dataShards);
  }

  /** Bytes of each shard after its header. */
  public long shardBodyLength(long size) {
    return (stripes(size) - 1) * unitSize + lastUnit(size);
  }

  /** Bytes of each shard, header included. */
  public long shardLength(long size) {
    return ShardHeader.LENGTH + shardBodyLength(size);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}

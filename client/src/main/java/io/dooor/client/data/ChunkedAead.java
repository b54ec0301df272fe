package io.dooor.client.data;

import io.dooor.client.data.DataException.Reason;
import io.dooor.client.data.internal.ChunkCipher;
import io.dooor.client.data.internal.StreamHeader;
import io.dooor.client.data.internal.Streams;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * The encrypted stream format of a blob (client/DATA-FORMAT.md §1): a 33-byte header, then the
 * plaintext in chunks of the header's chunk size, each sealed with AES-256-GCM under a nonce that
 * binds its index and whether it is the last chunk, and with the header as associated data.
 *
 * <p>Guarantees (the STREAM construction's, Hoang et al. 2015): every released plaintext chunk is
 * the chunk the key holder wrote at that position of that blob; a stream cut at a chunk boundary
 * fails as {@code TRUNCATED}, an extended one as {@code TRAILING_DATA}, and a chunk modified,
 * moved, or taken from another blob or stream as {@code REORDERED_OR_MODIFIED}, naming the chunk.
 * Plaintext is written as chunks authenticate: until {@link #decrypt} returns, the output is a
 * prefix of the blob and must not be used as the whole. Memory is two chunks, whatever the stream's
 * length.
 */
public final class ChunkedAead {
  public static final int HEADER_LENGTH = StreamHeader.LENGTH;
  public static final int TAG_LENGTH = ChunkCipher.TAG;

  private ChunkedAead() {}

  /**
   * Encrypts {@code in} to end of stream into {@code out}, with a fresh random nonce prefix.
   *
   * @return the number of plaintext bytes
   * @throws IOException from the streams, or if the input exceeds 2^32 chunks
   */
  public static long encrypt(
      DataKey key, BlobId blob, int chunkSize, InputStream in, OutputStream out)
      throws IOException {
    byte[] prefix = new byte[StreamHeader.NONCE_PREFIX];
    new SecureRandom().nextBytes(prefix);
    StreamHeader header = new StreamHeader(chunkSize, blob, Bytes.of(prefix));
    out.write(header.toBytes());
    ChunkCipher cipher = new ChunkCipher(key, header);
    byte[] buf = new byte[chunkSize + 1];
    byte[] sealed = new byte[chunkSize + TAG_LENGTH];
    int have = 0;
    long total = 0;
    for (long index = 0; ; index++) {
      have += Streams.fill(in, buf, have, chunkSize + 1 - have);
      boolean last = have <= chunkSize;
      int len = last ? have : chunkSize;
      if (index > 0xFFFF_FFFFL) {
        throw new IOException("plaintext longer than 2^32 chunks of " + chunkSize + " bytes");
      }
      out.write(sealed, 0, cipher.seal(index, last, buf, 0, len, sealed, 0));
      total += len;
      if (last) {
        return total;
      }
      buf[0] = buf[chunkSize];
      have = 1;
    }
  }

  /**
   * Decrypts a stream of blob {@code blob} with chunks of {@code chunkSize} bytes into {@code out}.
   *
   * @return the number of plaintext bytes
   * @throws DataException if the stream is not exactly that blob's ciphertext under this key
   */
  public static long decrypt(
      DataKey key, BlobId blob, int chunkSize, InputStream in, OutputStream out)
      throws IOException, DataException {
    StreamHeader header = readHeader(in);
    if (!header.blobId().equals(blob) || header.chunkSize() != chunkSize) {
      throw new DataException(
          Reason.HEADER_MISMATCH,
          "stream header names blob "
              + header.blobId()
              + " with "
              + header.chunkSize()
              + "-byte chunks, expected "
              + blob
              + " with "
              + chunkSize);
    }
    return new Opener(new ChunkCipher(key, header), chunkSize).run(in, out);
  }

  private static StreamHeader readHeader(InputStream in) throws IOException, DataException {
    byte[] h = new byte[HEADER_LENGTH];
    int got = Streams.fill(in, h, 0, HEADER_LENGTH);
    if (got < HEADER_LENGTH) {
      throw new DataException(Reason.TRUNCATED, "stream ends inside its header, at byte " + got);
    }
    return StreamHeader.parse(h);
  }

  /** The decryption loop of one stream, and the naming of its failures. */
  private static final class Opener {
    private final ChunkCipher cipher;
    private final int sealedChunk;
    private final byte[] buf;
    private final byte[] plain;

    Opener(ChunkCipher cipher, int chunkSize) {
      this.cipher = cipher;
      this.sealedChunk = chunkSize + TAG_LENGTH;
      this.buf = new byte[sealedChunk + 1];
      this.plain = new byte[chunkSize];
    }

    long run(InputStream in, OutputStream out) throws IOException, DataException {
      int have = 0;
      long total = 0;
      for (long index = 0; ; index++) {
        have += Streams.fill(in, buf, have, sealedChunk + 1 - have);
        boolean last = have <= sealedChunk;
        int len = last ? have : sealedChunk;
        if (index > 0xFFFF_FFFFL) {
          throw DataException.atChunk(Reason.TRAILING_DATA, index, "stream over 2^32 chunks");
        }
        int n = open(index, last, len);
        out.write(plain, 0, n);
        total += n;
        if (last) {
          return total;
        }
        buf[0] = buf[sealedChunk];
        have = 1;
      }
    }

    /** Opens the chunk in buf[0, len) or throws naming what is wrong with it. */
    private int open(long index, boolean last, int len) throws DataException {
      if (len == 0) {
        String where = index == 0 ? "right after the header" : "after chunk " + (index - 1);
        throw DataException.atChunk(
            Reason.TRUNCATED, index, "stream ends " + where + ", before its final chunk");
      }
      if (len < TAG_LENGTH) {
        throw DataException.atChunk(
            Reason.TRUNCATED, index, "stream ends inside chunk " + index + " (" + len + " bytes)");
      }
      int n = cipher.open(index, last, buf, 0, len, plain, 0);
      if (n >= 0) {
        return n;
      }
      if (cipher.open(index, !last, buf, 0, len, plain, 0) >= 0) {
        throw last
            ? DataException.atChunk(
                Reason.TRUNCATED,
                index,
                "chunk " + index + " is not the final chunk, but the stream ends after it")
            : DataException.atChunk(
                Reason.TRAILING_DATA,
                index,
                "chunk " + index + " is the final chunk, but data follows it");
      }
      throw DataException.atChunk(
          Reason.REORDERED_OR_MODIFIED,
          index,
          "chunk " + index + " fails authentication at its position (modified, moved or foreign)");
    }
  }
}

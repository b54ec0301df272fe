package io.dooor.client.data.internal;

import io.dooor.client.data.BlobId;
import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.DataException;
import io.dooor.common.Bytes;

/**
 * The 33-byte header of an encrypted stream (client/DATA-FORMAT.md §1): magic "DDAT", version 1,
 * suite 1 (AES-256-GCM, HKDF-SHA256 chunk key, STREAM nonces), chunk size, blob id, and the 7-byte
 * nonce prefix. Every chunk authenticates all of it as associated data.
 */
public record StreamHeader(int chunkSize, BlobId blobId, Bytes noncePrefix) {
  public static final int LENGTH = 33;
  public static final int NONCE_PREFIX = 7;
  static final byte[] MAGIC = {'D', 'D', 'A', 'T'};
  static final int VERSION = 1;
  static final int SUITE = 1;

  public StreamHeader {
    if (chunkSize < BlobLayout.MIN_CHUNK || chunkSize > BlobLayout.MAX_CHUNK) {
      throw new IllegalArgumentException("chunk size " + chunkSize + " out of range");
    }
    if (noncePrefix.length() != NONCE_PREFIX) {
      throw new IllegalArgumentException("nonce prefix of " + noncePrefix.length() + " bytes");
    }
  }

  public byte[] toBytes() {
    return new ByteSink()
        .bytes(MAGIC)
        .u8(VERSION)
        .u8(SUITE)
        .u32(chunkSize)
        .bytes(blobId.value().toArray())
        .bytes(noncePrefix.toArray())
        .toArray();
  }

  /**
   * @throws DataException MALFORMED_HEADER naming the field that is wrong
   */
  public static StreamHeader parse(byte[] header) throws DataException {
    ByteCursor in = new ByteCursor(header, DataException.Reason.MALFORMED_HEADER, "stream header");
    in.expect(MAGIC, "magic");
    int version = in.u8("version");
    int suite = in.u8("suite");
    if (version != VERSION || suite != SUITE) {
      throw in.fail("version " + version + " suite " + suite + ", only 1 and 1 are known");
    }
    long chunk = in.u32("chunk size");
    if (chunk < BlobLayout.MIN_CHUNK || chunk > BlobLayout.MAX_CHUNK) {
      throw in.fail("chunk size " + chunk + " out of range");
    }
    BlobId id = new BlobId(Bytes.of(in.bytes(BlobId.BYTES, "blob id")));
    Bytes prefix = Bytes.of(in.bytes(NONCE_PREFIX, "nonce prefix"));
    in.end();
    return new StreamHeader((int) chunk, id, prefix);
  }
}

package io.dooor.client.data.internal;

import io.dooor.client.data.BlobId;
import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.DataException;
import io.dooor.client.data.ReedSolomon;
import io.dooor.common.Bytes;

/**
 * The 28-byte header of a shard (client/DATA-FORMAT.md §2): magic "DSHD", version 1, blob id, shard
 * index, k, n and unit size. It makes a shard file self-describing; the shard's SHA-256 covers it.
 */
public record ShardHeader(BlobId blobId, int index, int dataShards, int totalShards, int unitSize) {
  public static final int LENGTH = 28;
  static final byte[] MAGIC = {'D', 'S', 'H', 'D'};
  static final int VERSION = 1;

  public ShardHeader {
    if (dataShards < 1 || dataShards > totalShards || totalShards > ReedSolomon.MAX_SHARDS) {
      throw new IllegalArgumentException("k=" + dataShards + " n=" + totalShards);
    }
    if (index < 0 || index >= totalShards) {
      throw new IllegalArgumentException("shard index " + index + " not below n=" + totalShards);
    }
    if (unitSize < 1 || unitSize > BlobLayout.MAX_UNIT) {
      throw new IllegalArgumentException("unit size " + unitSize + " out of range");
    }
  }

  /** The header of shard {@code index} of a blob with this layout. */
  public static ShardHeader of(BlobId id, BlobLayout layout, int index) {
    return new ShardHeader(id, index, layout.dataShards(), layout.totalShards(), layout.unitSize());
  }

  public byte[] toBytes() {
    return new ByteSink()
        .bytes(MAGIC)
        .u8(VERSION)
        .bytes(blobId.value().toArray())
        .u8(index)
        .u8(dataShards)
        .u8(totalShards)
        .u32(unitSize)
        .toArray();
  }

  /**
   * @throws DataException MALFORMED_SHARD naming the field that is wrong
   */
  public static ShardHeader parse(byte[] header) throws DataException {
    ByteCursor in = new ByteCursor(header, DataException.Reason.MALFORMED_SHARD, "shard header");
    in.expect(MAGIC, "magic");
    int version = in.u8("version");
    if (version != VERSION) {
      throw in.fail("version " + version + " is not " + VERSION);
    }
    BlobId id = new BlobId(Bytes.of(in.bytes(BlobId.BYTES, "blob id")));
    int index = in.u8("index");
    int k = in.u8("k");
    int n = in.u8("n");
    long unit = in.u32("unit size");
    in.end();
    try {
      return new ShardHeader(id, index, k, n, (int) Math.min(unit, Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw in.fail(e.getMessage());
    }
  }
}

package io.dooor.client.data.internal;

import io.dooor.client.data.BlobId;
import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.DataException;
import io.dooor.client.data.EncryptedBlob;
import io.dooor.client.data.ShardRef;
import io.dooor.client.data.WrappedDataKey;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical binary encoding of {@link EncryptedBlob}, version 1 (client/DATA-FORMAT.md §3). One
 * method per structure; the record constructors check every invariant, so a decoded manifest is a
 * valid one and {@code encode(decode(b))} equals {@code b}.
 */
public final class ManifestCodec {
  static final byte[] MAGIC = {'D', 'B', 'L', 'B'};
  static final int VERSION = 1;

  private ManifestCodec() {}

  public static byte[] encode(EncryptedBlob b) {
    ByteSink out = new ByteSink().bytes(MAGIC).u8(VERSION);
    out.bytes(b.id().value().toArray()).u64(b.size());
    BlobLayout l = b.layout();
    out.u32(l.chunkSize()).u8(l.dataShards()).u8(l.totalShards()).u32(l.unitSize());
    byte[] wrapped = b.wrappedKey().ciphertext().toArray();
    out.u32(b.wrappedKey().epoch()).u16(wrapped.length).bytes(wrapped);
    for (ShardRef s : b.shards()) {
      out.bytes(s.sha256().toArray());
      text(out, s.node().value());
    }
    out.u8(b.targets().size());
    b.targets().forEach(t -> text(out, t.value()));
    out.u8(b.recovery().size());
    for (Principal p : b.recovery()) {
      byte[] raw = p.toBytes();
      out.u8(raw.length).bytes(raw);
    }
    return out.toArray();
  }

  /**
   * @throws DataException MALFORMED_MANIFEST naming the field that is wrong
   */
  public static EncryptedBlob decode(byte[] data) throws DataException {
    ByteCursor in = new ByteCursor(data, DataException.Reason.MALFORMED_MANIFEST, "manifest");
    in.expect(MAGIC, "magic");
    int version = in.u8("version");
    if (version != VERSION) {
      throw in.fail("version " + version + " is not " + VERSION);
    }
    try {
      EncryptedBlob blob = body(in);
      in.end();
      return blob;
    } catch (IllegalArgumentException e) {
      throw in.fail(e.getMessage());
    }
  }

  private static EncryptedBlob body(ByteCursor in) throws DataException {
    BlobId id = new BlobId(Bytes.of(in.bytes(BlobId.BYTES, "blob id")));
    long size = in.u64("size");
    BlobLayout layout = layout(in);
    long epoch = in.u32("key epoch");
    byte[] wrapped = in.bytes(in.u16("wrapped key length"), "wrapped key");
    WrappedDataKey key = new WrappedDataKey(epoch, Bytes.of(wrapped));
    List<ShardRef> shards = new ArrayList<>();
    for (int i = 0; i < layout.totalShards(); i++) {
      Bytes hash = Bytes.of(in.bytes(32, "hash of shard " + i));
      shards.add(new ShardRef(i, hash, NodeId.of(text(in, "node of shard " + i))));
    }
    List<NodeId> targets = new ArrayList<>();
    int count = in.u8("target count");
    for (int i = 0; i < count; i++) {
      targets.add(NodeId.of(text(in, "target " + i)));
    }
    return new EncryptedBlob(id, size, layout, key, shards, targets, recovery(in));
  }

  private static BlobLayout layout(ByteCursor in) throws DataException {
    long chunk = in.u32("chunk size");
    int k = in.u8("k");
    int n = in.u8("n");
    long unit = in.u32("unit size");
    if (chunk > BlobLayout.MAX_CHUNK || unit > BlobLayout.MAX_UNIT) {
      throw in.fail("chunk size " + chunk + " or unit size " + unit + " too large");
    }
    return new BlobLayout((int) chunk, k, n, (int) unit);
  }

  private static List<Principal> recovery(ByteCursor in) throws DataException {
    List<Principal> out = new ArrayList<>();
    int count = in.u8("recovery count");
    for (int i = 0; i < count; i++) {
      int len = in.u8("recovery principal " + i + " length");
      out.add(Principal.of(in.bytes(len, "recovery principal " + i)));
    }
    return out;
  }

  private static void text(ByteSink out, String ascii) {
    byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
    out.u8(b.length).bytes(b);
  }

  /** A length-prefixed node id; any byte outside ASCII fails NodeId's syntax after this. */
  private static String text(ByteCursor in, String field) throws DataException {
    int len = in.u8(field + " length");
    return new String(in.bytes(len, field), StandardCharsets.ISO_8859_1);
  }
}

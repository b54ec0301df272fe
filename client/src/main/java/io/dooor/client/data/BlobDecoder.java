package io.dooor.client.data;

import io.dooor.client.data.DataException.Reason;
import io.dooor.client.data.internal.CiphertextInput;
import io.dooor.client.data.internal.ShardChangedException;
import io.dooor.client.data.internal.ShardHeader;
import io.dooor.client.data.internal.StripeReader;
import io.dooor.client.data.internal.Workers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * decode + decrypt, and rebuild, from k verified shards without the network (DESIGN §6). Shards are
 * hashed again as they are read: one that changed since it was verified fails as {@code
 * SHARD_CORRUPT} naming it. Memory is bounded by the chunk and stripe sizes.
 */
public final class BlobDecoder {
  private BlobDecoder() {}

  /** As {@link #decode(VerifiedShards, DataKey, OutputStream, int)}, hashing each shard apart. */
  public static long decode(VerifiedShards shards, DataKey key, OutputStream out)
      throws IOException, DataException {
    return decode(shards, key, out, shards.blob().layout().dataShards());
  }

  /**
   * Restores the plaintext into {@code out}, hashing the shards on {@code threads} threads of its
   * own (0: the caller's) while the caller decodes and decrypts.
   *
   * @return the plaintext size
   * @throws DataException if a shard changed, or the ciphertext does not authenticate under {@code
   *     key} (see {@link ChunkedAead#decrypt}); {@code out} then holds a prefix only
   */
  public static long decode(VerifiedShards shards, DataKey key, OutputStream out, int threads)
      throws IOException, DataException {
    CodedBlob blob = shards.blob();
    BlobLayout layout = blob.layout();
    try (Opened in = open(shards);
        Workers workers = Workers.create(threads)) {
      StripeReader stripes = new StripeReader(blob, in.streams, new BitSet(), workers);
      long length = layout.ciphertextLength(blob.size());
      CiphertextInput ct = new CiphertextInput(stripes, layout.dataShards(), length);
      long size = decrypt(key, blob, ct, stripes, out);
      if (size != blob.size()) {
        throw new DataException(
            Reason.MALFORMED_MANIFEST,
            "blob decrypts to " + size + " bytes, its manifest says " + blob.size());
      }
      return size;
    } catch (ShardChangedException e) {
      throw changed(e);
    }
  }

  /**
   * Rebuilds lost shards byte for byte (repair: ciphertext only, no key): shard i goes to {@code
   * targets.get(i)}, which stays open; its SHA-256 is the one in the manifest.
   *
   * @throws IllegalArgumentException if a target is one of the verified shards being read
   */
  public static void rebuild(VerifiedShards shards, Map<Integer, ? extends OutputStream> targets)
      throws IOException, DataException {
    CodedBlob blob = shards.blob();
    BitSet wanted = new BitSet();
    targets.keySet().forEach(wanted::set);
    if (wanted.intersects(bits(shards.used()))) {
      throw new IllegalArgumentException("cannot rebuild a shard that is being read");
    }
    Map<Integer, MessageDigest> digests = new TreeMap<>();
    try (Opened in = open(shards);
        Workers workers = Workers.create(1)) {
      StripeReader stripes = new StripeReader(blob, in.streams, wanted, workers);
      for (Map.Entry<Integer, ? extends OutputStream> t : targets.entrySet()) {
        byte[] header = ShardHeader.of(blob.id(), blob.layout(), t.getKey()).toBytes();
        digests.put(t.getKey(), sha256(header));
        t.getValue().write(header);
      }
      while (stripes.next() > 0) {
        for (Map.Entry<Integer, ? extends OutputStream> t : targets.entrySet()) {
          stripes.writeUnit(t.getKey(), new Tee(t.getValue(), digests.get(t.getKey())));
        }
      }
    } catch (ShardChangedException e) {
      throw changed(e);
    }
    for (Map.Entry<Integer, MessageDigest> d : digests.entrySet()) {
      targets.get(d.getKey()).flush();
      byte[] expected = blob.shardHashes().get(d.getKey()).toArray();
      if (!MessageDigest.isEqual(d.getValue().digest(), expected)) {
        throw new IllegalStateException("rebuilt shard " + d.getKey() + " has another hash");
      }
    }
  }

  /** Decrypts; if that fails, reads the shards to the end to name one that changed, if any. */
  private static long decrypt(
      DataKey key, CodedBlob blob, InputStream ct, StripeReader stripes, OutputStream out)
      throws IOException, DataException {
    try {
      return ChunkedAead.decrypt(key, blob.id(), blob.layout().chunkSize(), ct, out);
    } catch (DataException e) {
      while (stripes.next() >= 0) {
        // drain: a changed shard throws ShardChangedException here
      }
      throw e;
    }
  }

  private static DataException changed(ShardChangedException e) {
    return DataException.ofShards(Reason.SHARD_CORRUPT, List.of(e.shard()), e.getMessage());
  }

  private static BitSet bits(Iterable<Integer> indices) {
    BitSet b = new BitSet();
    indices.forEach(b::set);
    return b;
  }

  private static MessageDigest sha256(byte[] first) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(first);
      return d;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static Opened open(VerifiedShards shards) throws IOException {
    Opened opened = new Opened();
    try {
      for (Map.Entry<Integer, ShardSource> s : shards.sources().entrySet()) {
        opened.streams.put(s.getKey(), s.getValue().open());
      }
      return opened;
    } catch (IOException e) {
      opened.close();
      throw e;
    }
  }

  /** The open shard streams, closed together. */
  private static final class Opened implements AutoCloseable {
    final SortedMap<Integer, InputStream> streams = new TreeMap<>();

    @Override
    public void close() throws IOException {
      IOException first = null;
      for (InputStream s : streams.values()) {
        try {
          s.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  /** Writes through to a stream and a digest. */
  private static final class Tee extends OutputStream {
    private final OutputStream out;
    private final MessageDigest digest;

    Tee(OutputStream out, MessageDigest digest) {
      this.out = out;
      this.digest = digest;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      digest.update(b, off, len);
      out.write(b, off, len);
    }
  }
}

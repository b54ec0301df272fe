package io.dooor.client.data.internal;

import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.CodedBlob;
import io.dooor.client.data.ReedSolomon;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a blob's stripes from k of its shards, restoring the data units of missing shards and any
 * other wanted shard. Every byte read is hashed again: at the end each source must be exhausted and
 * have its recorded SHA-256, or {@link ShardChangedException} names it. Memory: n units.
 */
public final class StripeReader {
  private final CodedBlob blob;
  private final int k;
  private final int unit;
  private final SortedMap<Integer, InputStream> sources;
  private final MessageDigest[] digests;
  private final ReedSolomon.Reconstruction plan;
  private final byte[][][] buffers;
  private final Workers.Batch hashing;
  private byte[][] shards;
  private long stripesLeft;
  private int current;
  private boolean finished;

  /**
   * @param sources exactly k shard streams, by index, positioned at their start
   * @param wanted shards to restore besides the missing data shards (for rebuilding); may be empty
   */
  public StripeReader(
      CodedBlob blob, SortedMap<Integer, InputStream> sources, BitSet wanted, Workers workers)
      throws IOException {
    BlobLayout layout = blob.layout();
    this.blob = blob;
    this.k = layout.dataShards();
    this.unit = layout.unitSize();
    this.sources = new TreeMap<>(sources);
    if (sources.size() != k) {
      throw new IllegalArgumentException(sources.size() + " sources, need k=" + k);
    }
    BitSet targets = (BitSet) wanted.clone();
    targets.set(0, k);
    sources.keySet().forEach(targets::clear);
    BitSet available = new BitSet();
    sources.keySet().forEach(available::set);
    ReedSolomon code = ReedSolomon.create(k, layout.totalShards());
    this.plan = targets.isEmpty() ? null : code.reconstruction(available, targets);
    this.digests = new MessageDigest[layout.totalShards()];
    this.buffers = new byte[2][layout.totalShards()][];
    for (byte[][] b : buffers) {
      for (int i = 0; i < b.length; i++) {
        boolean used = i < k || available.get(i) || targets.get(i);
        b[i] = new byte[used ? unit : 0];
      }
    }
    this.shards = buffers[1];
    this.hashing = workers.batch();
    this.stripesLeft = layout.stripes(blob.size());
    for (Map.Entry<Integer, InputStream> s : this.sources.entrySet()) {
      readHeader(s.getKey(), s.getValue());
    }
  }

  /**
   * Reads the next stripe and restores its wanted units; returns its unit size, or -1 after the
   * last stripe (once every source checked out).
   *
   * @throws ShardChangedException if a source ends early, runs long or has another hash
   */
  public int next() throws IOException {
    if (stripesLeft == 0) {
      if (!finished) {
        finished = true;
        finish();
      }
      return -1;
    }
    stripesLeft--;
    current = stripesLeft == 0 ? blob.layout().lastUnit(blob.size()) : unit;
    shards = shards == buffers[0] ? buffers[1] : buffers[0];
    for (Map.Entry<Integer, InputStream> s : sources.entrySet()) {
      int i = s.getKey();
      readFully(i, s.getValue(), shards[i], 0, current);
    }
    hashing.await();
    byte[][] read = shards;
    int len = current;
    for (int i : sources.keySet()) {
      hashing.submit(() -> digests[i].update(read[i], 0, len));
    }
    if (plan != null) {
      plan.apply(shards, 0, current);
    }
    return current;
  }

  /**
   * Copies bytes of the current stripe's data, from position {@code pos} of the data units laid end
   * to end, up to the end of the unit holding {@code pos}; returns the count copied.
   */
  public int copyData(int pos, byte[] b, int off, int len) {
    int at = pos % current;
    int n = Math.min(len, current - at);
    System.arraycopy(shards[pos / current], at, b, off, n);
    return n;
  }

  /** Writes the current stripe's unit of shard {@code index} (read or restored). */
  public void writeUnit(int index, OutputStream out) throws IOException {
    out.write(shards[index], 0, current);
  }

  private void readHeader(int index, InputStream in) throws IOException {
    byte[] expected = ShardHeader.of(blob.id(), blob.layout(), index).toBytes();
    byte[] got = new byte[ShardHeader.LENGTH];
    digests[index] = Sha256.create();
    readFully(index, in, got, 0, got.length);
    digests[index].update(got);
    if (!java.security.MessageDigest.isEqual(expected, got)) {
      throw new ShardChangedException(index, "shard " + index + " has another header");
    }
  }

  private void readFully(int index, InputStream in, byte[] b, int off, int len) throws IOException {
    int n = Streams.fill(in, b, off, len);
    if (n < len) {
      throw new ShardChangedException(index, "shard " + index + " ends early");
    }
  }

  private void finish() throws IOException {
    hashing.await();
    for (Map.Entry<Integer, InputStream> s : sources.entrySet()) {
      int i = s.getKey();
      if (s.getValue().read() >= 0) {
        throw new ShardChangedException(i, "shard " + i + " is longer than recorded");
      }
      byte[] hash = digests[i].digest();
      if (!MessageDigest.isEqual(hash, blob.shardHashes().get(i).toArray())) {
        throw new ShardChangedException(i, "shard " + i + " changed since it was verified");
      }
    }
  }
}

package io.dooor.client.data.internal;

import io.dooor.client.data.BlobId;
import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.ReedSolomon;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a ciphertext stream into stripes of k units, codes each into n units and appends unit i to
 * shard i (client/DATA-FORMAT.md §2), hashing every shard as it goes. Two stripe buffers: while the
 * workers hash and write one stripe, the caller fills and codes the next; a stripe's writes start
 * only after the previous stripe's have finished, so each shard is written in order. Memory: 2 x n
 * units.
 */
public final class StripeWriter extends OutputStream {
  private final ReedSolomon code;
  private final int k;
  private final int unit;
  private final List<? extends OutputStream> sinks;
  private final MessageDigest[] digests;
  private final byte[][][] buffers;
  private final Workers.Batch inFlight;
  private byte[][] shards;
  private int fill;

  /** Writes each shard's header to its sink; sink i receives shard i. */
  public StripeWriter(
      BlobLayout layout, BlobId id, List<? extends OutputStream> sinks, Workers workers)
      throws IOException {
    int n = layout.totalShards();
    if (sinks.size() != n) {
      throw new IllegalArgumentException(sinks.size() + " sinks for " + n + " shards");
    }
    this.code = ReedSolomon.create(layout.dataShards(), n);
    this.k = layout.dataShards();
    this.unit = layout.unitSize();
    this.sinks = List.copyOf(sinks);
    this.digests = new MessageDigest[n];
    this.buffers = new byte[2][n][unit];
    this.shards = buffers[0];
    this.inFlight = workers.batch();
    for (int i = 0; i < n; i++) {
      digests[i] = Sha256.create();
      emit(i, ShardHeader.of(id, layout, i).toBytes(), ShardHeader.LENGTH);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int pos = fill % unit;
      int n = Math.min(len, unit - pos);
      System.arraycopy(b, off, shards[fill / unit], pos, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == k * unit) {
        stripe(unit);
      }
    }
  }

  /**
   * Codes the last, short stripe (its unit ceil(rest / k), zero-padded), waits for every write,
   * flushes the sinks and returns each shard's SHA-256. The sinks stay open.
   */
  public List<Bytes> finish() throws IOException {
    if (fill > 0) {
      int last = (fill + k - 1) / k;
      relayout(last);
      stripe(last);
    }
    inFlight.await();
    List<Bytes> hashes = new ArrayList<>();
    for (int i = 0; i < sinks.size(); i++) {
      sinks.get(i).flush();
      hashes.add(Bytes.of(digests[i].digest()));
    }
    return hashes;
  }

  /**
   * Moves the {@code fill} bytes of the short last stripe, written unit after unit, to units of
   * {@code last} bytes, zero-padded.
   */
  private void relayout(int last) {
    byte[] bytes = new byte[fill];
    for (int p = 0; p < fill; p += unit) {
      System.arraycopy(shards[p / unit], 0, bytes, p, Math.min(unit, fill - p));
    }
    for (int i = 0; i < k; i++) {
      int from = Math.min(fill, i * last);
      int n = Math.min(fill, from + last) - from;
      System.arraycopy(bytes, from, shards[i], 0, n);
      Arrays.fill(shards[i], n, last, (byte) 0);
    }
  }

  /** Codes the stripe of data units shards[0..k)[0, u), then hands unit i to shard i's writer. */
  private void stripe(int u) throws IOException {
    byte[][] coded = shards;
    code.encode(coded, 0, u);
    inFlight.await();
    for (int i = 0; i < coded.length; i++) {
      int shard = i;
      inFlight.submit(() -> emit(shard, coded[shard], u));
    }
    shards = coded == buffers[0] ? buffers[1] : buffers[0];
    fill = 0;
  }

  private void emit(int shard, byte[] b, int len) throws IOException {
    digests[shard].update(b, 0, len);
    sinks.get(shard).write(b, 0, len);
  }
}

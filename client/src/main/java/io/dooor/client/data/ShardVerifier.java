package io.dooor.client.data;

import io.dooor.client.data.DataException.Reason;
import io.dooor.client.data.internal.ShardHeader;
import io.dooor.client.data.internal.Streams;
import io.dooor.client.data.internal.Workers;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;

/**
 * Checks shards against their manifest before they are used: a shard counts only if its header is
 * the one the manifest implies and all its bytes have the recorded SHA-256 (its content address). A
 * corrupt shard counts as missing and is reported by index.
 */
public final class ShardVerifier {
  private static final int BUFFER = 64 << 10;

  /** The length of a shard's header (client/DATA-FORMAT.md §2). */
  public static final int HEADER_LENGTH = ShardHeader.LENGTH;

  private ShardVerifier() {}

  /** As {@link #verify(CodedBlob, Map, int)} with k threads: the first k shards in parallel. */
  public static VerifiedShards verify(CodedBlob blob, Map<Integer, ShardSource> sources)
      throws DataException {
    return verify(blob, sources, blob.layout().dataShards());
  }

  /**
   * Reads the offered shards until k verify: first the k lowest indices (data shards first), in
   * parallel on {@code threads} threads of its own (0: the caller's), then one more for each that
   * fails.
   *
   * @param sources the shards on offer, by index; absent indices are missing
   * @throws DataException TOO_FEW_SHARDS naming the missing and corrupt shards, if fewer than k
   *     verify
   */
  public static VerifiedShards verify(
      CodedBlob blob, Map<Integer, ShardSource> sources, int threads) throws DataException {
    int k = blob.layout().dataShards();
    SortedMap<Integer, ShardSource> good = new TreeMap<>();
    SortedMap<Integer, String> corrupt = new TreeMap<>();
    SortedSet<Integer> unavailable = new TreeSet<>();
    Iterator<Map.Entry<Integer, ShardSource>> offered =
        new TreeMap<>(sources).entrySet().iterator();
    try (Workers workers = Workers.create(Math.min(threads, k))) {
      CompletionService<Outcome> done = new ExecutorCompletionService<>(workers.executor());
      int running = 0;
      for (; running < k && offered.hasNext(); running++) {
        start(done, blob, offered.next());
      }
      while (running > 0) {
        Outcome o = take(done);
        running--;
        if (o.problem == null) {
          good.put(o.index, o.source);
          continue;
        }
        if (o.unavailable) {
          unavailable.add(o.index);
        } else {
          corrupt.put(o.index, o.problem);
        }
        if (offered.hasNext()) {
          start(done, blob, offered.next());
          running++;
        }
      }
    }
    if (good.size() < k) {
      throw tooFew(blob, good.keySet(), corrupt);
    }
    return new VerifiedShards(blob, good, corrupt, unavailable);
  }

  /**
   * Reads one shard through and checks it is shard {@code index} of the blob.
   *
   * @throws DataException MALFORMED_SHARD for a header that does not parse or is another shard's,
   *     SHARD_CORRUPT for a body of the wrong length or hash
   */
  public static void check(CodedBlob blob, int index, InputStream in)
      throws IOException, DataException {
    MessageDigest sha = sha256();
    byte[] buf = new byte[BUFFER];
    int got = Streams.fill(in, buf, 0, ShardHeader.LENGTH);
    ShardHeader header;
    try {
      header = ShardHeader.parse(java.util.Arrays.copyOf(buf, got));
    } catch (DataException e) {
      throw DataException.ofShards(
          Reason.MALFORMED_SHARD, List.of(index), "shard " + index + ": " + e.getMessage());
    }
    if (!header.equals(ShardHeader.of(blob.id(), blob.layout(), index))) {
      throw DataException.ofShards(
          Reason.MALFORMED_SHARD, List.of(index), "shard " + index + ": header is " + header);
    }
    sha.update(buf, 0, ShardHeader.LENGTH);
    long body = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      sha.update(buf, 0, n);
      body += n;
    }
    long expected = blob.layout().shardBodyLength(blob.size());
    if (body != expected) {
      throw corrupt(index, "has " + body + " body bytes, expected " + expected);
    }
    if (!MessageDigest.isEqual(sha.digest(), blob.shardHashes().get(index).toArray())) {
      throw corrupt(index, "does not have its recorded SHA-256");
    }
  }

  /**
   * Checks that {@code header}, the first {@link #HEADER_LENGTH} bytes of a shard, is a well-formed
   * header of shard {@code index} of blob {@code id}: what a shard store, which holds no manifest,
   * checks before it accepts a shard (the shard's hash, named by its grant, covers the rest).
   *
   * @throws DataException MALFORMED_SHARD naming what is wrong
   */
  public static void checkHeader(BlobId id, int index, byte[] header) throws DataException {
    ShardHeader parsed = ShardHeader.parse(header);
    if (!parsed.blobId().equals(id) || parsed.index() != index) {
      throw DataException.ofShards(
          Reason.MALFORMED_SHARD,
          List.of(index),
          "shard header names blob "
              + parsed.blobId()
              + " shard "
              + parsed.index()
              + ", not blob "
              + id
              + " shard "
              + index);
    }
  }

  /** What reading one shard found: {@code problem} is null for a verified shard. */
  private record Outcome(int index, ShardSource source, String problem, boolean unavailable) {}

  private static void start(
      CompletionService<Outcome> done, CodedBlob blob, Map.Entry<Integer, ShardSource> shard) {
    int i = shard.getKey();
    ShardSource source = shard.getValue();
    done.submit(
        () -> {
          try (InputStream in = source.open()) {
            check(blob, i, in);
            return new Outcome(i, source, null, false);
          } catch (DataException e) {
            return new Outcome(i, source, e.getMessage(), false);
          } catch (IOException e) {
            return new Outcome(i, source, String.valueOf(e.getMessage()), true);
          }
        });
  }

  private static Outcome take(CompletionService<Outcome> done) {
    try {
      return done.take().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying shards", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("shard verification failed", e.getCause());
    }
  }

  private static DataException corrupt(int index, String what) {
    return DataException.ofShards(
        Reason.SHARD_CORRUPT, List.of(index), "shard " + index + " " + what);
  }

  private static DataException tooFew(
      CodedBlob blob, java.util.Set<Integer> good, SortedMap<Integer, String> corrupt) {
    List<Integer> bad = new ArrayList<>();
    for (int i = 0; i < blob.layout().totalShards(); i++) {
      if (!good.contains(i)) {
        bad.add(i);
      }
    }
    return DataException.ofShards(
        Reason.TOO_FEW_SHARDS,
        bad,
        "need "
            + blob.layout().dataShards()
            + " of "
            + blob.layout().totalShards()
            + " shards, "
            + good.size()
            + " verified; missing or corrupt: "
            + bad
            + (corrupt.isEmpty() ? "" : "; corrupt: " + corrupt));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}

package io.dooor.client.data;

import io.dooor.client.data.DataException.Reason;
import io.dooor.client.data.internal.ShardHeader;
import io.dooor.client.data.internal.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks shards against their manifest before they are used: a shard counts only if its header is
 * the one the manifest implies and all its bytes have the recorded SHA-256 (its content address). A
 * corrupt shard counts as missing and is reported by index.
 */
public final class ShardVerifier {
  private static final int BUFFER = 64 << 10;

  private ShardVerifier() {}

  /**
   * Reads the offered shards in index order (data shards first) until k verify.
   *
   * @param sources the shards on offer, by index; absent indices are missing
   * @throws DataException TOO_FEW_SHARDS naming the missing and corrupt shards, if fewer than k
   *     verify
   */
  public static VerifiedShards verify(CodedBlob blob, Map<Integer, ShardSource> sources)
      throws DataException {
    int k = blob.layout().dataShards();
    SortedMap<Integer, ShardSource> good = new TreeMap<>();
    SortedMap<Integer, String> corrupt = new TreeMap<>();
    SortedSet<Integer> unavailable = new TreeSet<>();
    for (Map.Entry<Integer, ShardSource> s : new TreeMap<>(sources).entrySet()) {
      if (good.size() == k) {
        break;
      }
      int i = s.getKey();
      try (InputStream in = s.getValue().open()) {
        check(blob, i, in);
        good.put(i, s.getValue());
      } catch (DataException e) {
        corrupt.put(i, e.getMessage());
      } catch (IOException e) {
        unavailable.add(i);
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

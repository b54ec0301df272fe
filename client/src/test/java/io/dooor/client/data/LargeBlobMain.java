package io.dooor.client.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Run in a JVM with a small heap by {@link LargeBlobMemoryTest}: encodes a generated blob of the
 * given MiB into shard files, loses two, verifies and decodes the rest, and prints the SHA-256 of
 * the plaintext on both sides and the heap limit.
 */
public final class LargeBlobMain {
  private LargeBlobMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long size = Long.parseLong(args[1]) << 20;
    BlobLayout layout = BlobLayout.DEFAULT;
    List<OutputStream> sinks = new ArrayList<>();
    for (int i = 0; i < layout.totalShards(); i++) {
      sinks.add(new BufferedOutputStream(Files.newOutputStream(dir.resolve("shard-" + i))));
    }
    MessageDigest in = MessageDigest.getInstance("SHA-256");
    EncodedBlob e =
        BlobEncoder.create(layout).encode(new DigestInputStream(new Generated(size), in), sinks);
    for (OutputStream s : sinks) {
      s.close();
    }
    Map<Integer, ShardSource> offered = new TreeMap<>();
    for (int i : new int[] {1, 2, 4}) {
      offered.put(i, ShardSource.of(dir.resolve("shard-" + i)));
    }
    MessageDigest out = MessageDigest.getInstance("SHA-256");
    VerifiedShards verified = ShardVerifier.verify(e.coded(), offered);
    long n =
        BlobDecoder.decode(
            verified, e.key(), new DigestOutputStream(OutputStream.nullOutputStream(), out));
    HexFormat hex = HexFormat.of();
    System.out.println("size " + e.coded().size() + " decoded " + n);
    System.out.println("in " + hex.formatHex(in.digest()));
    System.out.println("out " + hex.formatHex(out.digest()));
    System.out.println("maxHeap " + Runtime.getRuntime().maxMemory());
  }

  /** {@code size} pseudo-random bytes from a fixed seed, made as they are read. */
  private static final class Generated extends InputStream {
    private final SplittableRandom rnd = new SplittableRandom(13);
    private long remaining;

    Generated(long size) {
      this.remaining = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return len == 0 ? 0 : -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) rnd.nextInt();
      }
      remaining -= n;
      return n;
    }
  }
}

package io.dooor.bench.data;

import io.dooor.bench.CpuTimes;
import io.dooor.client.data.BlobDecoder;
import io.dooor.client.data.BlobEncoder;
import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.EncodedBlob;
import io.dooor.client.data.ReedSolomon;
import io.dooor.client.data.ShardSource;
import io.dooor.client.data.ShardVerifier;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Complements {@link DataPipelineBenchmark} and {@link DataFloorsBenchmark} on a shared, loaded
 * machine: for each path, the wall-clock MB/s and the CPU the whole process spent per byte
 * (/proc/self/stat, all threads, JIT and GC included), medians of 5 runs after 2 warm-up runs.
 * "MB/s per core" = bytes / process CPU seconds: what one core sustains, and what a path can reach
 * at most per core it gets. Run: {@code java -Xmx3g -cp benchmarks.jar
 * io.dooor.bench.data.DataCpuCost [MiB, default 256]}.
 */
public final class DataCpuCost {
  private static final int MIB = 1 << 20;

  private DataCpuCost() {}

  public static void main(String[] args) throws Exception {
    long size = (args.length > 0 ? Long.parseLong(args[0]) : 256) * MIB;
    byte[] pattern = new byte[MIB + 17];
    new SecureRandom().nextBytes(pattern);
    BlobLayout layout = BlobLayout.DEFAULT;
    List<ArraySink> sinks = new ArrayList<>();
    for (int i = 0; i < layout.totalShards(); i++) {
      sinks.add(new ArraySink(layout.shardLength(size)));
    }
    EncodedBlob e = BlobEncoder.create(layout, 0).encode(new RepeatingInput(pattern, size), sinks);
    for (int threads : new int[] {0, 5}) {
      BlobEncoder enc = BlobEncoder.create(layout, threads);
      report(
          "encryptEncode threads=" + threads,
          size,
          () -> enc.encode(new RepeatingInput(pattern, size), nulls(5)));
    }
    for (int threads : new int[] {0, 3}) {
      report("verifyDecode threads=" + threads, size, () -> decode(e, sinks, threads, 0, 1, 2));
      report(
          "verifyDecodeTwoLost threads=" + threads, size, () -> decode(e, sinks, threads, 2, 3, 4));
    }
    floors(size);
  }

  private static long decode(EncodedBlob e, List<ArraySink> shards, int threads, int... use)
      throws Exception {
    Map<Integer, ShardSource> offered = new HashMap<>();
    for (int i : use) {
      byte[] s = shards.get(i).bytes;
      offered.put(i, () -> new ByteArrayInputStream(s));
    }
    return BlobDecoder.decode(
        ShardVerifier.verify(e.coded(), offered, threads),
        e.key(),
        OutputStream.nullOutputStream(),
        threads);
  }

  private static void floors(long size) throws Exception {
    int chunk = 64 << 10;
    int rounds = (int) (size / chunk);
    byte[] plain = new byte[chunk];
    byte[] sealed = new byte[chunk + 16];
    SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] nonce = new byte[12];
    int[] counter = {0};
    CpuTimes.Op seal =
        () -> {
          for (int i = 0; i < rounds; i++) {
            int c = counter[0]++;
            nonce[0] = (byte) c;
            nonce[1] = (byte) (c >>> 8);
            nonce[2] = (byte) (c >>> 16);
            nonce[3] = (byte) (c >>> 24);
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.doFinal(plain, 0, chunk, sealed, 0);
          }
          return sealed;
        };
    report("floor aesGcmEncrypt 64KiB", size, seal);
    Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] iv = nonce.clone();
    byte[] opened = new byte[chunk];
    report(
        "floor aesGcmDecrypt 64KiB",
        size,
        () -> {
          for (int i = 0; i < rounds; i++) {
            dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            dec.doFinal(sealed, 0, sealed.length, opened, 0);
          }
          return opened;
        });
    ReedSolomon rs = ReedSolomon.create(3, 5);
    byte[][] shards = new byte[5][chunk];
    for (int i = 0; i < 3; i++) {
      new SecureRandom().nextBytes(shards[i]);
    }
    report(
        "floor rsEncode 3of5", size, () -> repeat(rounds / 3, () -> rs.encode(shards, 0, chunk)));
    BitSet have = new BitSet();
    have.set(2, 5);
    BitSet want = new BitSet();
    want.set(0, 2);
    ReedSolomon.Reconstruction two = rs.reconstruction(have, want);
    report(
        "floor rsRestoreTwo 3of5",
        size,
        () -> repeat(rounds / 3, () -> two.apply(shards, 0, chunk)));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    report("floor sha256", size, () -> repeat(rounds, () -> sha.update(plain)));
  }

  private static Object repeat(int n, Runnable r) {
    for (int i = 0; i < n; i++) {
      r.run();
    }
    return n;
  }

  private static List<OutputStream> nulls(int n) {
    List<OutputStream> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(OutputStream.nullOutputStream());
    }
    return out;
  }

  private static void report(String name, long bytes, CpuTimes.Op op) throws Exception {
    for (int i = 0; i < 2; i++) {
      op.run();
    }
    double[] wall = new double[5];
    double[] cpu = new double[5];
    for (int i = 0; i < 5; i++) {
      long c0 = CpuTimes.processCpuNanos();
      long t0 = System.nanoTime();
      op.run();
      wall[i] = System.nanoTime() - t0;
      cpu[i] = CpuTimes.processCpuNanos() - c0;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    System.out.printf(
        Locale.ROOT,
        "%-34s wall %7.0f MB/s   cpu %5.2f ns/B   %7.0f MB/s per core%n",
        name,
        bytes / 1e6 / (wall[2] / 1e9),
        cpu[2] / bytes,
        bytes / 1e6 / (cpu[2] / 1e9));
  }
}

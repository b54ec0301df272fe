package io.dooor.bench.audit;

import io.dooor.audit.AuditLog;
import io.dooor.audit.InclusionProof;
import io.dooor.audit.MerkleVerifier;
import io.dooor.audit.TreeState;
import io.dooor.common.Bytes;
import io.dooor.store.audit.JdbcAuditLog;
import io.dooor.store.internal.SqliteDatabase;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop inclusion-proof load on a large SQLite audit log (built by {@link AuditLogBuild}),
 * read exactly as the server reads it (the store's {@link SqliteDatabase} settings and shared pool,
 * {@link JdbcAuditLog}, {@link AuditLog} with its tile cache): {@code threads} threads ask {@link
 * AuditLog#inclusionProof} for uniformly random indexes in the full tree for {@code seconds} after
 * a warm-up, recording every proof's latency; prints percentiles and proofs/s. Before measuring,
 * 1,000 random proofs are verified against the stored root (RFC 9162 §2.1.3.2) so the figures are
 * for correct proofs.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dooor.bench.audit.AuditProofLoad FILE
 * [threads] [seconds]}
 */
public final class AuditProofLoad {
  private static final AtomicLong CPU_NANOS = new AtomicLong();

  private AuditProofLoad() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(file + " does not exist: build it with AuditLogBuild");
    }
    SqliteDatabase db = SqliteDatabase.open(file);
    try {
      JdbcAuditLog store = new JdbcAuditLog(db.dataSource());
      AuditLog log = new AuditLog(store);
      TreeState tree = store.treeState();
      System.out.printf(Locale.ROOT, "log of %,d entries, root %s%n", tree.size(), tree.root());
      verifySample(log, tree);
      run(log, tree.size(), threads, 5, "warm-up");
      run(log, tree.size(), threads, seconds, "measured");
    } finally {
      db.close();
    }
  }

  private static void verifySample(AuditLog log, TreeState tree) throws Exception {
    SplittableRandom rnd = new SplittableRandom(new SecureRandom().nextLong());
    for (int i = 0; i < 1000; i++) {
      long idx = rnd.nextLong(tree.size());
      Bytes entry = log.rawEntries(idx, idx + 1).get(0);
      InclusionProof p = log.inclusionProof(idx, tree.size());
      MerkleVerifier.verifyInclusion(
          idx, tree.size(), MerkleVerifier.leafHash(entry), p.hashes(), tree.root());
    }
    System.out.println("1,000 random inclusion proofs verified against the stored root");
  }

  private static void run(AuditLog log, long size, int threads, int seconds, String label)
      throws Exception {
    CPU_NANOS.set(0);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Future<long[]>> fs = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      fs.add(pool.submit(() -> loop(log, size, end)));
    }
    List<long[]> parts = new ArrayList<>();
    for (Future<long[]> f : fs) {
      parts.add(f.get());
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%s: %d threads, %,d proofs in %.1f s = %,.0f proofs/s; latency p50 %.3f ms, p90 %.3f"
            + " ms, p99 %.3f ms, p99.9 %.3f ms, max %.1f ms; CPU %.1f us/proof (%,.0f proofs/s"
            + " per busy core)%n",
        label,
        threads,
        all.length,
        elapsed,
        all.length / elapsed,
        pct(all, 0.50),
        pct(all, 0.90),
        pct(all, 0.99),
        pct(all, 0.999),
        all[all.length - 1] / 1e6,
        CPU_NANOS.get() / 1e3 / all.length,
        all.length / (CPU_NANOS.get() / 1e9));
  }

  private static long[] loop(AuditLog log, long size, long end) throws Exception {
    long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    SplittableRandom rnd = new SplittableRandom(new SecureRandom().nextLong());
    long[] lat = new long[1 << 16];
    int n = 0;
    long now = System.nanoTime();
    while (now < end) {
      long idx = rnd.nextLong(size);
      log.inclusionProof(idx, size);
      long done = System.nanoTime();
      if (n == lat.length) {
        lat = Arrays.copyOf(lat, n * 2);
      }
      lat[n++] = done - now;
      now = done;
    }
    CPU_NANOS.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0);
    return Arrays.copyOf(lat, n);
  }

  private static double pct(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }
}

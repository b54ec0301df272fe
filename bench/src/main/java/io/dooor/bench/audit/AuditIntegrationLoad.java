package io.dooor.bench.audit;

import com.zaxxer.hikari.HikariDataSource;
import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.Integrator;
import io.dooor.audit.TreeState;
import io.dooor.store.audit.JdbcAuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Do appends wait for the integrator? Sequences a backlog of {@code backlog} entries without
 * integrating them, then integrates the whole backlog with {@link Integrator#integrateAll()} while
 * one writer keeps appending one entry per fsync'd transaction (a state change's own transaction).
 * Prints how long integration took, how many appends committed meanwhile and their latency
 * percentiles and maximum: the maximum is how long an append waited for the integrator at worst.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dooor.bench.audit.AuditIntegrationLoad
 * DIR [backlog]}
 */
public final class AuditIntegrationLoad {
  private AuditIntegrationLoad() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]).resolve("dooor-audit-integration.db");
    int backlog = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
    Files.deleteIfExists(file);
    try (HikariDataSource ds = AuditDb.sqlite(file, 4)) {
      AuditDb.migrate(ds, "sqlite");
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        for (int from = 0; from < backlog; from += AuditLogBuild.CHUNK) {
          JdbcAuditLog.appendAll(
              c, AuditLogBuild.chunk(from, Math.min(AuditLogBuild.CHUNK, backlog - from)));
          c.commit();
        }
        c.setAutoCommit(true);
      }
      JdbcAuditLog store = new JdbcAuditLog(ds);
      Integrator integrator = new Integrator(store, CheckpointSigner.generate("bench/audit"));
      ExecutorService pool = Executors.newSingleThreadExecutor();
      long t0 = System.nanoTime();
      CompletableFuture<TreeState> integrated =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return integrator.integrateAll();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              pool);
      long[] lat = new long[1 << 16];
      int n = 0;
      while (!integrated.isDone()) {
        long a = System.nanoTime();
        try (Connection c = ds.getConnection()) {
          c.setAutoCommit(false);
          JdbcAuditLog.append(c, AuditLogBuild.chunk(backlog + n, 1).get(0));
          c.commit();
          c.setAutoCommit(true);
        }
        if (n == lat.length) {
          lat = Arrays.copyOf(lat, 2 * n);
        }
        lat[n++] = System.nanoTime() - a;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      TreeState tree = integrated.get();
      pool.shutdown();
      long[] s = Arrays.copyOf(lat, n);
      Arrays.sort(s);
      System.out.printf(
          Locale.ROOT,
          "integrated %,d entries in %.1f s; meanwhile %,d appends committed (%.0f/s, one fsync'd"
              + " transaction each): latency p50 %.2f ms, p99 %.2f ms, max %.1f ms%n",
          tree.size(),
          seconds,
          n,
          n / seconds,
          s[n / 2] / 1e6,
          s[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
          s[n - 1] / 1e6);
    }
  }
}

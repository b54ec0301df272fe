package io.dooor.bench.audit;

import com.zaxxer.hikari.HikariDataSource;
import io.dooor.audit.AuditLog;
import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.InclusionProof;
import io.dooor.audit.Integrator;
import io.dooor.store.audit.JdbcAuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Inclusion proof for a uniformly random index in a large log, served from the SQLite store (tiles
 * read through the pool; full tiles cached in memory by {@link AuditLog}). The log is built once
 * into {@code -Ddooor.bench.dir} (default /tmp) and reused; setup prints its storage cost.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuditProofBench {
  @Param({"1000000"})
  public long size;

  private HikariDataSource ds;
  private AuditLog log;
  private JdbcAuditLog store;

  @Setup(Level.Trial)
  public void open() throws Exception {
    Path dir = Path.of(System.getProperty("dooor.bench.dir", "/tmp"));
    Path file = dir.resolve("dooor-audit-proof-" + size + ".db");
    boolean exists = Files.exists(file);
    ds = AuditDb.sqlite(file, 4);
    store = new JdbcAuditLog(ds);
    if (!exists || store.treeState().size() != size) {
      build(store);
    }
    log = new AuditLog(store);
    report(file);
  }

  private void build(JdbcAuditLog store) throws Exception {
    AuditDb.migrate(ds, "sqlite");
    long t0 = System.nanoTime();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      for (long i = 0; i < size; i++) {
        JdbcAuditLog.append(c, AuditAppendBench.ENTRY);
        if (i % 20_000 == 19_999) {
          c.commit();
        }
      }
      c.commit();
      c.setAutoCommit(true);
    }
    long t1 = System.nanoTime();
    new Integrator(store, CheckpointSigner.generate("bench/audit")).publishNow();
    long t2 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "%nbuilt %d entries: append %.1f s, integrate+sign %.1f s%n",
        size,
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9);
  }

  private void report(Path file) throws Exception {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      ResultSet rs =
          st.executeQuery(
              "SELECT (SELECT sum(length(entry)) FROM audit_entry),"
                  + " (SELECT sum(length(nodes)) FROM audit_tile)");
      rs.next();
      System.out.printf(
          Locale.ROOT,
          "%nstorage: file %.1f B/entry; entry payload %.1f B/entry, leaf hash 32 B/entry,"
              + " tiles %.1f B/entry%n",
          (double) Files.size(file) / size,
          rs.getDouble(1) / size,
          rs.getDouble(2) / size);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    ds.close();
  }

  @Benchmark
  @BenchmarkMode({Mode.SampleTime})
  public InclusionProof proofLatency() throws Exception {
    return proof();
  }

  @Benchmark
  @BenchmarkMode({Mode.Throughput})
  @OutputTimeUnit(TimeUnit.SECONDS)
  public InclusionProof proofThroughput() throws Exception {
    return proof();
  }

  /** Every tile read from the database: no in-memory tile cache (a fresh {@link AuditLog}). */
  @Benchmark
  @BenchmarkMode({Mode.SampleTime})
  public InclusionProof proofLatencyUncached() throws Exception {
    long idx = ThreadLocalRandom.current().nextLong(size);
    return new AuditLog(store).inclusionProof(idx, size);
  }

  private InclusionProof proof() throws Exception {
    long idx = ThreadLocalRandom.current().nextLong(size);
    return log.inclusionProof(idx, size);
  }
}

package io.dooor.bench.audit;

import com.zaxxer.hikari.HikariDataSource;
import io.dooor.audit.AuditLog;
import io.dooor.audit.InclusionProof;
import io.dooor.store.audit.JdbcAuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * read through the pool; full tiles and the right edge cached in memory by {@link AuditLog}). The
 * log is built once by {@link AuditLogBuild} into {@code -Ddooor.bench.dir} (default /tmp) as
 * {@code dooor-audit-proof-SIZE.db} and reused; building prints its storage cost. {@code -p
 * size=10000000} for the 10M-entry figure.
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
      AuditLogBuild.build(ds, size);
      AuditLogBuild.report(ds, file, size);
    }
    log = new AuditLog(store);
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

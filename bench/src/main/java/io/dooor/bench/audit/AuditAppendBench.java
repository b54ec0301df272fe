package io.dooor.bench.audit;

import com.zaxxer.hikari.HikariDataSource;
import io.dooor.audit.AuditEntry;
import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.Integrator;
import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import io.dooor.store.audit.JdbcAuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable audit appends per second (each commit fsync'd: SQLite WAL synchronous=FULL, PostgreSQL
 * synchronous_commit=on), 4 concurrent writers, while the background integrator grows the tree and
 * signs a checkpoint every second. {@code one}: one entry per transaction (a state change's own
 * transaction); {@code batch64}: 64 entries per transaction (group commit); {@code bulk256}: 256
 * entries per transaction through {@link JdbcAuditLog#appendAll}. Scores are entries/s (the target:
 * >= 10,000 durable entries/s on SQLite). The server's own path (events and their entries under the
 * store's group commit) is {@link AuditStoreAppendBench}.
 *
 * <p>SQLite: {@code java -jar bench/target/benchmarks.jar AuditAppendBench -p db=sqlite -f 1 -wi 2
 * -i 3 -w 2s -r 3s}. PostgreSQL (fsync on, {@code synchronous_commit=on}): add {@code -p
 * db=postgres -jvmArgsAppend
 * -Ddooor.bench.pg=jdbc:postgresql://localhost:PORT/postgres?user=postgres}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class AuditAppendBench {
  @Param({"sqlite", "postgres"})
  public String db;

  private HikariDataSource ds;
  private Integrator integrator;
  private Path dir;

  static final AuditEntry ENTRY =
      AuditEntry.of(
          Instant.parse("2026-11-25T12:00:00Z"),
          Bytes.of(Principal.selfAuthenticating(new byte[] {1, 2, 3}).toBytes()),
          "node.heartbeat",
          "node:tdx-node-0001",
          Bytes.of(new byte[32]),
          AuditEntry.Outcome.OK,
          "heartbeat accepted",
          Map.of("state", "ACTIVE"));

  static final List<AuditEntry> BULK = java.util.Collections.nCopies(256, ENTRY);

  @Setup(Level.Trial)
  public void open() throws Exception {
    if (db.equals("sqlite")) {
      dir = Files.createTempDirectory("dooor-audit-bench");
      ds = AuditDb.sqlite(dir.resolve("audit.db"), 6);
    } else {
      ds = AuditDb.postgres(6);
    }
    AuditDb.migrate(ds, db);
    integrator = new Integrator(new JdbcAuditLog(ds), CheckpointSigner.generate("bench/audit"));
    integrator.start(1000);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    integrator.close();
    System.out.println(
        "\nintegrated "
            + integrator.publishNow().split("\n")[1]
            + " entries; last failure: "
            + integrator.lastFailure().map(Exception::getMessage).orElse("none"));
    ds.close();
  }

  @Benchmark
  public long one() throws Exception {
    return append(1);
  }

  @Benchmark
  @OperationsPerInvocation(64)
  public long batch64() throws Exception {
    return append(64);
  }

  /** 256 entries per transaction with {@link JdbcAuditLog#appendAll} (one sequence update). */
  @Benchmark
  @OperationsPerInvocation(256)
  public long bulk256() throws Exception {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      long first = JdbcAuditLog.appendAll(c, BULK);
      c.commit();
      c.setAutoCommit(true);
      return first;
    }
  }

  private long append(int n) throws Exception {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      long last = 0;
      for (int i = 0; i < n; i++) {
        last = JdbcAuditLog.append(c, ENTRY);
      }
      c.commit();
      c.setAutoCommit(true);
      return last;
    }
  }
}

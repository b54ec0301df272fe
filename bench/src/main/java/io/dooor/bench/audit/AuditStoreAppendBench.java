package io.dooor.bench.audit;

import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.Integrator;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.Principal;
import io.dooor.store.JdbcStore;
import io.dooor.store.audit.JdbcAuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * The server's real append path: every operation is one state change's write transaction, {@code
 * JdbcStore.inTransaction(tx -> tx.append(event))}, which inserts the event row and appends its
 * audit entry (same transaction, gap-free sequence), under the store's group commit (at most {@code
 * group} transactions share one fsync'd commit; each isolated by a savepoint), from many concurrent
 * writers as the HTTP server's request threads are. The integrator grows the tree and signs a
 * checkpoint every second meanwhile. SQLite only (WAL, synchronous=FULL: every commit is on disk
 * when it returns). Score = audit entries (= events = state changes) per second.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar AuditStoreAppendBench -f 1 -wi 2 -i 3 -w 2s -r
 * 3s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditStoreAppendBench {
  private static final Principal ACTOR = Principal.selfAuthenticating(new byte[] {1, 2, 3});

  /** Most write transactions per commit: 64 is the server's default ({@code DEFAULT_MAX_GROUP}). */
  @Param({"64"})
  public int group;

  private Path dir;
  private JdbcStore store;
  private Integrator integrator;

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("dooor-audit-store-bench");
    store = JdbcStore.sqlite(dir.resolve("dooor.db"), group);
    integrator =
        new Integrator(
            new JdbcAuditLog(store.dataSource()), CheckpointSigner.generate("bench/audit"));
    integrator.start(1000);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    integrator.close();
    System.out.println(
        "\n"
            + store.eventCount()
            + " events; integrated "
            + integrator.publishNow().split("\n")[1]
            + " entries; last failure: "
            + integrator.lastFailure().map(Exception::getMessage).orElse("none"));
    store.close();
  }

  @Benchmark
  @Threads(16)
  public long writers16() {
    return change();
  }

  @Benchmark
  @Threads(64)
  public long writers64() {
    return change();
  }

  private long change() {
    Event e =
        new Event(
            -1,
            Instant.now(),
            ACTOR,
            "node.heartbeat",
            "node:tdx-node-0001",
            Bytes.empty(),
            Event.Outcome.OK,
            "heartbeat accepted",
            Map.of("state", "ACTIVE"));
    return store.inTransaction(tx -> tx.append(e));
  }
}

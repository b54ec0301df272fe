package io.dooor.bench.store;

import io.dooor.common.Bytes;
import io.dooor.core.Challenge;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.NodeKey;
import io.dooor.core.NodeState;
import io.dooor.core.Principal;
import io.dooor.core.TeeType;
import io.dooor.store.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Committed transactions per second of a typical admission step: read the node, write the node,
 * write its challenge, append two events (each also appended to the audit log). SQLite runs on a
 * temp file (WAL, synchronous=FULL); PostgreSQL needs a server: {@code
 * -Ddooor.bench.pg=jdbc:postgresql://localhost:PORT/} (user postgres, no password), a fresh
 * database per trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AdmissionStoreBench {
  /** DER SEQUENCE { "bench-spki" }: a node key as storage sees it. */
  private static final NodeKey KEY = new NodeKey(Bytes.fromHex("300a62656e63682d73706b69"));

  private static final Principal OPERATOR = KEY.principal();

  @Param({"sqlite", "postgres"})
  public String db;

  /** Most write transactions per commit: 64 = group commit (the default), 1 = one commit each. */
  @Param({"64", "1"})
  public int group;

  private final AtomicLong ids = new AtomicLong();
  private JdbcStore store;
  private Path dir;

  @Setup(Level.Trial)
  public void open() throws IOException, SQLException {
    if (db.equals("sqlite")) {
      dir = Files.createTempDirectory("dooor-bench");
      store = JdbcStore.sqlite(dir.resolve("bench.db"), group);
    } else {
      store = JdbcStore.postgres(freshPostgresDatabase(), "postgres", "", group);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
  }

  @Benchmark
  @Threads(1)
  public long admissionOneWriter() {
    return admit();
  }

  @Benchmark
  @Threads(8)
  public long admissionEightWriters() {
    return admit();
  }

  /** The row an admission writes (built directly: this measures storage, not the lifecycle). */
  private static Node activeAsStored(Node n, Instant now) {
    return new Node(
        n.id(),
        NodeState.ACTIVE,
        n.teeType(),
        n.workload(),
        n.nodeKey(),
        n.principal(),
        Map.of("mrtd", "00"),
        "UpToDate",
        "p",
        n.registeredAt(),
        now,
        now,
        now,
        1,
        "",
        0);
  }

  private long admit() {
    NodeId id = NodeId.of("n-" + ids.getAndIncrement());
    Instant now = Instant.now();
    return store.inTransaction(
        tx -> {
          Node node = tx.node(id).orElse(Node.registered(id, TeeType.SIM, "bench", KEY, now));
          tx.putNode(activeAsStored(node, now));
          tx.putChallenge(new Challenge(id, Bytes.of(new byte[32]), now.plusSeconds(300)));
          tx.append(event("node.verify", id, now));
          return tx.append(event("node.activate", id, now));
        });
  }

  private static Event event(String action, NodeId id, Instant now) {
    return new Event(
        -1, now, OPERATOR, action, "node:" + id, Bytes.empty(), Event.Outcome.OK, "", Map.of());
  }

  private static String freshPostgresDatabase() throws SQLException {
    String base = System.getProperty("dooor.bench.pg");
    if (base == null) {
      throw new IllegalStateException("set -Ddooor.bench.pg=jdbc:postgresql://localhost:PORT/");
    }
    String name = String.format(Locale.ROOT, "bench_%d", System.nanoTime());
    try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return base + name;
  }
}

package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.Lease;
import io.dooor.store.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chaos suite's deployment: one real PostgreSQL (restartable on its data folder and port), made
 * once by {@code dooor init --db-url}, and {@code dooor server start} replica processes, each with
 * its own data folder and its own {@link TcpProxy} to the database (so one replica can be cut off
 * while the others are not). Sweeps every second: leases of 3 s.
 */
final class ChaosCluster implements AutoCloseable {
  static final Duration LEASE = Duration.ofSeconds(3);

  /** One replica process, its folder, log and database link. */
  record Replica(String name, Process process, URI url, Path data, TcpProxy link, Path log) {
    long pid() {
      return process.pid();
    }
  }

  private final Path dir;
  private final Path pgData;
  private final int pgPort;
  private EmbeddedPostgres pg;
  private final String url;
  final String auditKey;
  final Path controller;
  final List<Replica> replicas = new ArrayList<>();
  private final JdbcStore store;
  private int starts;

  ChaosCluster(Path dir) throws Exception {
    this.dir = dir;
    this.pgData = dir.resolve("pg");
    this.pgPort = ServerProcesses.freePort();
    startPostgres();
    this.url = pg.getJdbcUrl("postgres", "postgres");
    Path first = dir.resolve("r0");
    CliRun init =
        CliRun.of(
            "init",
            "--data",
            first.toString(),
            "--db-url",
            url,
            "--db-user",
            "postgres",
            "--db-password",
            "");
    assertThat(init.exit()).as(init.err()).isZero();
    this.auditKey = init.out().lines().reduce((x, y) -> y).orElseThrow().strip();
    this.controller = first.resolve("controller.pem");
    this.store = JdbcStore.postgres(url, "postgres", "");
  }

  /** The database, read directly by the test (not through any replica's link). */
  JdbcStore store() {
    return store;
  }

  void startPostgres() throws Exception {
    pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            .setPort(pgPort)
            .start();
  }

  void stopPostgres() throws Exception {
    pg.close();
  }

  /** Starts replicas {@code names} (folders made as copies of r0's key shares) and awaits them. */
  List<Replica> start(String... names) throws Exception {
    List<Replica> started = new ArrayList<>();
    for (String name : names) {
      Path data = folder(name);
      TcpProxy link = new TcpProxy(pgPort);
      String viaLink = url.replace(":" + pgPort + "/", ":" + link.port() + "/");
      Path log = dir.resolve(name + "-" + (++starts) + ".log"); // each start its own: one port line
      Process p =
          ServerProcesses.start(
              data,
              log,
              "--db-url",
              viaLink,
              "--db-user",
              "postgres",
              "--db-password",
              "",
              "--sweep-interval",
              "1");
      started.add(new Replica(name, p, null, data, link, log));
    }
    for (Replica r : started) {
      URI at = ServerProcesses.awaitListening(r.process(), r.log());
      Replica up = new Replica(r.name(), r.process(), at, r.data(), r.link(), r.log());
      replicas.removeIf(old -> old.name().equals(r.name()));
      replicas.add(up);
    }
    return replicas.stream().filter(r -> List.of(names).contains(r.name())).toList();
  }

  private Path folder(String name) throws Exception {
    Path data = dir.resolve(name);
    if (Files.exists(data.resolve("keyshares"))) {
      return data;
    }
    Path shares = Files.createDirectories(data.resolve("keyshares"));
    try (Stream<Path> files = Files.list(dir.resolve("r0").resolve("keyshares"))) {
      for (Path f : files.toList()) {
        Files.copy(f, shares.resolve(f.getFileName()));
      }
    }
    return data;
  }

  /** The URLs of the replicas whose process is alive. */
  List<URI> live() {
    return replicas.stream().filter(r -> r.process().isAlive()).map(Replica::url).toList();
  }

  /** kill -9. */
  void kill(Replica r) throws Exception {
    r.process().destroyForcibly();
    r.process().waitFor();
    r.link().close();
  }

  /** Sends {@code SIGSTOP} or {@code SIGCONT} to the replica's process. */
  static void signal(Replica r, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(r.pid())).start();
    assertThat(kill.waitFor()).as("kill -" + signal).isZero();
  }

  /** The replica that holds {@code duty} now, unexpired, waiting (bounded) until one does. */
  Replica holderOf(String duty) throws Exception {
    return awaitHolder(duty, 0, Duration.ofSeconds(60));
  }

  /** Waits (bounded) until a live replica holds {@code duty} with a token above {@code after}. */
  Replica awaitHolder(String duty, long after, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<Lease> l = lease(duty);
      if (l.isPresent() && l.get().token() > after && l.get().heldAt(Instant.now())) {
        long pid = pid(l.get());
        Optional<Replica> r = replicas.stream().filter(x -> x.pid() == pid).findFirst();
        if (r.isPresent()) {
          return r.get();
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no replica took " + duty + ": " + store.leases());
      }
      Thread.sleep(50);
    }
  }

  Optional<Lease> lease(String duty) {
    return store.leases().stream().filter(l -> l.duty().equals(duty)).findFirst();
  }

  /** The process id in a lease holder's name ({@code host/pid-N/tag}). */
  static long pid(Lease l) {
    Optional<String> part =
        Stream.of(l.holder().split("/")).filter(s -> s.startsWith("pid-")).findFirst();
    return Long.parseLong(part.orElseThrow().substring(4));
  }

  /** The log a replica printed (for assertion messages and fencing refusals). */
  String log(Replica r) throws Exception {
    return Files.readString(r.log(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    for (Replica r : replicas) {
      if (r.process().isAlive()) {
        signal(r, "CONT");
      }
      r.process().destroyForcibly();
      r.process().waitFor();
      r.link().close();
    }
    store.close();
    pg.close();
  }
}

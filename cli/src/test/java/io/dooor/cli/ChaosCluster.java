package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.agent.seal.SimSealer;
import io.dooor.attestation.sim.SimTee;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Lease;
import io.dooor.core.NodeState;
import io.dooor.server.ControlPlaneIdentity;
import io.dooor.store.JdbcStore;
import io.dooor.vetkd.TransportSecretKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chaos suite's deployment: one real PostgreSQL (restartable on its data folder and port; the
 * folder on a {@link SlowDisk} where one can be made), made once by {@code dooor init --db-url},
 * {@code dooor server start} replica processes, each with its own data folder and its own {@link
 * TcpProxy} to the database (so one replica can be cut off while the others are not), the
 * deployment's key shares in {@value #HOLDERS} {@code dooor keyshare start} holder processes (every
 * share exported from the first folder; holder 1 reached through {@link #holderLink()}, a proxy the
 * test controls), and one {@code dooor agent start} node in sim mode (the replicas share one
 * simulation root). Sweeps every second: leases of 3 s.
 */
final class ChaosCluster implements AutoCloseable {
  static final Duration LEASE = Duration.ofSeconds(3);

  /** Key-share holder processes (n of the deployment's sharing). */
  static final int HOLDERS = 5;

  /**
   * Seconds a replica waits for a key-share holder ({@code --key-share-timeout}): 2 s and the
   * default 5 s both timed every holder out in the start's holder check on this machine under a
   * load of 20-30.
   */
  static final int HOLDER_TIMEOUT = 15;

  /** The agent's node and workload. */
  static final String NODE = "chaos-node";

  private static final String WORKLOAD = "chaos-vault";
  private static final String MEASUREMENT = "c4".repeat(48);

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
  private final SlowDisk disk;

  /** Why the database is not on a slow disk, or none when it is. */
  final Optional<String> noSlowDisk;

  private final List<Process> holders = new ArrayList<>();
  private final TcpProxy holderLink;
  private final List<String> holderOptions = new ArrayList<>();
  private Process agent;

  ChaosCluster(Path dir) throws Exception {
    this.dir = dir;
    Optional<String> why = SlowDisk.unavailable();
    SlowDisk mounted = null;
    if (why.isEmpty()) {
      try {
        mounted = SlowDisk.mount(dir);
      } catch (Exception e) {
        why = Optional.of(e.getMessage());
      }
    }
    this.disk = mounted;
    this.noSlowDisk = why;
    this.pgData = disk != null ? disk.path().resolve("pg") : dir.resolve("pg");
    this.pgPort = ServerProcesses.freePort();
    startPostgres();
    this.url = pg.getJdbcUrl("postgres", "postgres");
    Path first = dir.resolve("r0");
    this.holderLink = startHolders(first);
    ReplicaFolders.Initialised init = ReplicaFolders.init(first, url);
    SimTee.loadOrCreate(first.resolve("sim-root.der"), Clock.systemUTC()); // shared by replicas
    this.auditKey = init.auditKey();
    this.controller = init.controller();
    this.store = JdbcStore.postgres(url, "postgres", "");
  }

  /**
   * Exports every key share of {@code first} (removed from it) to its own holder process, and
   * starts them; holder 1 behind a proxy. The export makes the control-plane identity in {@code
   * first}, which {@code init} then puts in the database for every replica.
   */
  private TcpProxy startHolders(Path first) throws Exception {
    for (int i = 1; i <= HOLDERS; i++) {
      CliRun export =
          CliRun.of(
              "keyshare",
              "export",
              "--data",
              first.toString(),
              "--index",
              Integer.toString(i),
              "--out",
              dir.resolve("share-" + i + ".sealed").toString(),
              "--sealing-key",
              "file:" + dir.resolve("holder-" + i + ".key"),
              "--remove");
      assertThat(export.exit()).as(export.err()).isZero();
    }
    String controlPlane = ControlPlaneIdentity.loadOrCreate(first).principal().toText();
    List<Path> logs = new ArrayList<>();
    for (int i = 1; i <= HOLDERS; i++) {
      Path log = dir.resolve("holder-" + i + ".log");
      logs.add(log);
      holders.add(
          ServerProcesses.dooor(
              List.of(
                  "keyshare",
                  "start",
                  "--share",
                  dir.resolve("share-" + i + ".sealed").toString(),
                  "--sealing-key",
                  "file:" + dir.resolve("holder-" + i + ".key"),
                  "--control-plane",
                  controlPlane,
                  "--port",
                  "0"),
              log));
    }
    TcpProxy link = null;
    List<String> addresses = new ArrayList<>();
    for (int i = 1; i <= HOLDERS; i++) {
      URI at = ServerProcesses.awaitListening(holders.get(i - 1), logs.get(i - 1));
      if (i == 1) {
        link = new TcpProxy(at.getPort());
        at = URI.create("http://127.0.0.1:" + link.port());
      }
      addresses.add(i + "=" + at);
      awaitAnswer(at); // warm: a cold holder JVM on a loaded machine answers its first GET slowly
    }
    holderOptions.addAll(
        List.of(
            "--key-share-holder",
            String.join(",", addresses),
            "--key-share-timeout",
            Integer.toString(HOLDER_TIMEOUT)));
    return link;
  }

  /** Waits (bounded) until the holder at {@code at} answers a GET of its public key. */
  private static void awaitAnswer(URI at) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest get =
        java.net.http.HttpRequest.newBuilder(at.resolve("/v1/keyshare/public-key"))
            .timeout(Duration.ofSeconds(60))
            .build();
    int status = http.send(get, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    assertThat(status).as("holder %s answers", at).isLessThan(500);
  }

  /** The path between every replica and key-share holder 1. */
  TcpProxy holderLink() {
    return holderLink;
  }

  /** Throttles the database's disk to {@code iops} reads and writes a second (0: no limit). */
  void throttleDisk(int iops) throws Exception {
    disk.throttle(iops);
  }

  /**
   * Starts the agent of node {@value #NODE} (sim evidence under the replicas' shared simulation
   * root) against {@code replica}, and waits (bounded) until the node is ACTIVE.
   */
  void startAgent(Replica replica) throws Exception {
    ApiClient admin = new ApiClient(replica.url(), Identity.load(controller));
    admin.put(
        "/v1/policies/" + WORKLOAD,
        Map.of(
            "allowed_tee_types", List.of("sim"),
            "reference_values", Map.of("MEASUREMENT", List.of(MEASUREMENT)),
            "accepted_tcb_statuses", List.of("NotApplicable"),
            "attestation_ttl_seconds", 30,
            "challenge_ttl_seconds", 60),
        Dto.PolicyView.class);
    Path config = dir.resolve("agent.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "server = " + replica.url(),
            "node_id = " + NODE,
            "workload = " + WORKLOAD,
            "evidence = sim",
            "sealing = sim",
            "state_dir = " + dir.resolve("agent-state"),
            "heartbeat_interval = 1s",
            "max_backoff = 2s",
            "sim.root = " + replica.data().resolve("sim-root.der"),
            "sim.measurement = " + MEASUREMENT,
            ""),
        java.nio.charset.StandardCharsets.UTF_8);
    Path log = dir.resolve("agent.log");
    agent = ServerProcesses.dooor(List.of("agent", "start", "--config", config.toString()), log);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (store.nodes().stream()
        .noneMatch(n -> n.id().value().equals(NODE) && n.state() == NodeState.ACTIVE)) {
      if (System.nanoTime() > deadline || !agent.isAlive()) {
        throw new AssertionError(
            "node not ACTIVE:\n" + Files.readString(log, java.nio.charset.StandardCharsets.UTF_8));
      }
      Thread.sleep(200);
    }
  }

  /**
   * The node derives its own key (POST /v1/nodes/ID/keys, signed with the node's key, unsealed from
   * the agent's state) through {@code replica}: the status, 200 only while it may derive.
   */
  int deriveNodeKey(URI replica) throws Exception {
    Path state = dir.resolve("agent-state");
    SimSealer sealer = new SimSealer(state.resolve("sim-sealing.key"));
    Bytes sealed = Bytes.of(Files.readAllBytes(state.resolve("identity.sealed")));
    Identity node =
        Identity.fromPem(
            new String(sealer.unseal(sealed).toArray(), java.nio.charset.StandardCharsets.UTF_8));
    String body =
        "{\"transport_public_key\":\""
            + TransportSecretKey.generate().publicKey().toBytes().base64()
            + "\"}";
    return new ApiClient(replica, node)
        .raw(
            "POST",
            "/v1/nodes/" + NODE + "/keys",
            body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .statusCode();
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
            // the embedded server's defaults do not wait for the disk: a commit acknowledged here
            // is on the disk, as in production, so a slow disk slows it and a restart keeps it
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .start();
  }

  void stopPostgres() throws Exception {
    pg.close();
  }

  /** Starts replicas {@code names} (folders made as copies of r0's key shares) and awaits them. */
  List<Replica> start(String... names) throws Exception {
    List<Replica> started = new ArrayList<>();
    for (String name : names) {
      Path data = ReplicaFolders.copy(dir.resolve("r0"), dir.resolve(name));
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
              "1",
              holderOptions.get(0),
              holderOptions.get(1),
              holderOptions.get(2),
              holderOptions.get(3));
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
    if (agent != null) {
      agent.destroyForcibly().waitFor();
    }
    for (Process h : holders) {
      h.destroyForcibly().waitFor();
    }
    holderLink.close();
    store.close();
    pg.close();
    if (disk != null) {
      disk.close();
    }
  }
}

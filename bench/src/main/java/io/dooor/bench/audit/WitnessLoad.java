package io.dooor.bench.audit;

import com.zaxxer.hikari.HikariDataSource;
import io.dooor.audit.AuditLog;
import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.CosignatureCollector;
import io.dooor.audit.Cosigner;
import io.dooor.audit.Integrator;
import io.dooor.audit.Witness;
import io.dooor.server.witness.WitnessServer;
import io.dooor.server.witness.WitnessStateFolder;
import io.dooor.store.audit.JdbcAuditLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Issue #16's figures: (1) the witness round trip per checkpoint, i.e. one add-checkpoint to each
 * of two real witnesses over loopback HTTP (consistency proof built from SQLite, request parsed,
 * log signature and proof verified, state file written and synced, cosignature made and verified
 * back, and saved), p50 and p90 over {@code rounds} checkpoints, one entry apart; (2) appends/s of
 * one writer committing one entry per fsync'd SQLite transaction for {@code seconds}, with the
 * integrator publishing every second, without witnesses and then with the two witnesses cosigning
 * every checkpoint in the background, and how long after its publication a checkpoint had its
 * quorum.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dooor.bench.audit.WitnessLoad DIR
 * [rounds] [seconds]}
 */
public final class WitnessLoad {
  private WitnessLoad() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    CheckpointSigner signer = CheckpointSigner.generate("bench.example/log");
    CheckpointSigner second = CheckpointSigner.generate("bench.example/log2");
    List<WitnessServer> servers = new ArrayList<>();
    List<CosignatureCollector.Endpoint> witnesses = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      Path state = dir.resolve("witness-" + i);
      deleteTree(state);
      Cosigner c = Cosigner.generate("bench.example/w" + i);
      Witness w =
          new Witness(
              c,
              List.of(signer.verifierKey(), second.verifierKey()),
              new WitnessStateFolder(state),
              () -> System.currentTimeMillis() / 1000);
      WitnessServer s = new WitnessServer(w, line -> {}).start("127.0.0.1", 0);
      servers.add(s);
      witnesses.add(new CosignatureCollector.Endpoint(c.key(), "w" + i, new Post(s.port())));
    }
    roundTrips(dir, signer, witnesses, rounds);
    double plain = appends(dir.resolve("plain.db"), second, List.of(), seconds);
    System.out.printf(Locale.ROOT, "appends/s without witnesses: %.0f%n", plain);
    double witnessed = appends(dir.resolve("witnessed.db"), second, witnesses, seconds);
    System.out.printf(Locale.ROOT, "appends/s with 2 witnesses, quorum 2: %.0f%n", witnessed);
    for (WitnessServer s : servers) {
      s.close();
    }
  }

  private static void roundTrips(
      Path dir, CheckpointSigner signer, List<CosignatureCollector.Endpoint> ws, int rounds)
      throws Exception {
    try (HikariDataSource ds = db(dir.resolve("rounds.db"))) {
      JdbcAuditLog storage = new JdbcAuditLog(ds);
      Integrator integrator = new Integrator(storage, signer);
      try (CosignatureCollector collector =
          new CosignatureCollector(new AuditLog(storage), storage, ws, o -> {}, 60_000)) {
        long[] perWitness = new long[rounds * ws.size()];
        long[] perRound = new long[rounds];
        int k = 0;
        for (int r = 0; r < rounds + 20; r++) {
          append(ds, r);
          String note = integrator.publishNow();
          long t = System.nanoTime();
          List<CosignatureCollector.Outcome> out = collector.submit(note);
          long round = System.nanoTime() - t;
          for (CosignatureCollector.Outcome o : out) {
            if (o.status() != CosignatureCollector.Status.COSIGNED) {
              throw new IllegalStateException(o.toString());
            }
            if (r >= 20) {
              perWitness[k++] = o.nanos();
            }
          }
          if (r >= 20) {
            perRound[r - 20] = round;
          }
        }
        print("one witness, add-checkpoint round trip", perWitness);
        print("both witnesses in parallel, per checkpoint", perRound);
      }
    }
  }

  /** Appends/s for {@code seconds}; with witnesses, also publication-to-quorum latency. */
  static double appends(
      Path file, CheckpointSigner signer, List<CosignatureCollector.Endpoint> ws, int seconds)
      throws Exception {
    try (HikariDataSource ds = db(file)) {
      JdbcAuditLog storage = new JdbcAuditLog(ds);
      Integrator integrator = new Integrator(storage, signer);
      java.util.Map<Long, Long> publishedAt = new java.util.concurrent.ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
      CosignatureCollector collector = null;
      if (!ws.isEmpty()) {
        collector =
            new CosignatureCollector(
                new AuditLog(storage),
                storage,
                ws,
                out -> {
                  long cosigned =
                      out.stream()
                          .filter(o -> o.status() == CosignatureCollector.Status.COSIGNED)
                          .count();
                  if (!out.isEmpty() && cosigned == ws.size()) {
                    Long at = publishedAt.get(out.get(0).size());
                    if (at != null) {
                      lags.add(System.nanoTime() - at);
                    }
                  }
                },
                2000);
        CosignatureCollector c = collector;
        integrator.onPublished(
            note -> {
              publishedAt.put(Long.parseLong(note.split("\n")[1]), System.nanoTime());
              c.offer(note);
            });
      }
      integrator.start(1000);
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      int n = 0;
      long t0 = System.nanoTime();
      while (System.nanoTime() < end) {
        append(ds, n++);
      }
      double rate = n / ((System.nanoTime() - t0) / 1e9);
      integrator.close();
      if (collector != null) {
        Thread.sleep(500);
        collector.close();
        print(
            "publication to quorum (2 of 2), per checkpoint",
            lags.stream().mapToLong(Long::longValue).toArray());
      }
      return rate;
    }
  }

  private static void append(HikariDataSource ds, long i) throws Exception {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      JdbcAuditLog.append(c, AuditLogBuild.chunk(i, 1).get(0));
      c.commit();
      c.setAutoCommit(true);
    }
  }

  private static HikariDataSource db(Path file) throws Exception {
    Files.deleteIfExists(file);
    HikariDataSource ds = AuditDb.sqlite(file, 4);
    AuditDb.migrate(ds, "sqlite");
    return ds;
  }

  private static void print(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(
        Locale.ROOT,
        "%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms%n",
        what,
        s.length,
        s[s.length / 2] / 1e6,
        s[(int) (s.length * 0.9)] / 1e6,
        s[(int) (s.length * 0.99)] / 1e6);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** POSTs to a witness over one keep-alive client. */
  private record Post(int port) implements CosignatureCollector.Transport {
    private static final HttpClient HTTP =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    public CosignatureCollector.Reply addCheckpoint(byte[] body) throws IOException {
      try {
        HttpResponse<byte[]> r =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + WitnessServer.ADD_CHECKPOINT))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new CosignatureCollector.Reply(r.statusCode(), r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }
}

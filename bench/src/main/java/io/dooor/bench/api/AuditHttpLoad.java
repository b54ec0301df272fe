package io.dooor.bench.api;

import io.dooor.audit.AuditVerifier;
import io.dooor.audit.InclusionProof;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.bench.audit.AuditLogBuild;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import io.dooor.store.internal.SqliteDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Inclusion proofs over HTTP from a real control plane (embedded SQLite deployment, Javalin/Jetty,
 * RFC 9421-signed requests checked per request) on loopback, with {@link HttpLoad}'s keep-alive
 * socket client: {@code GET /v1/audit/proof/inclusion?index=R&size=N} for uniformly random R in a
 * log of N entries. Requests are signed untimed in rounds (as {@link HttpLoad} does for GETs), so
 * the timed phase measures the server. Before measuring, 200 proofs fetched over HTTP are verified
 * against the deployment's signed checkpoint.
 *
 * <p>The first run in DIR creates a deployment there (controller key in DIR/controller.pem) and
 * fills its audit log to SIZE entries with heartbeat-like entries through {@link
 * AuditLogBuild#appendFiller} (they have no event rows, so the plane takes no further state changes
 * in that folder: it serves reads only); later runs reuse DIR.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dooor.bench.api.AuditHttpLoad DIR SIZE
 * [connections] [proofs]}
 */
public final class AuditHttpLoad {

  private AuditHttpLoad() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long size = Long.parseLong(args[1]);
    int conns = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int proofs = args.length > 3 ? Integer.parseInt(args[3]) : 40000;
    Identity controller = prepare(dir, size);
    try (Deployment d = Deployment.start(DeploymentConfig.embedded(dir, 0))) {
      long t0 = System.nanoTime();
      AuditVerifier verifier = AuditVerifier.of(d.auditVerifierKey());
      VerifiedCheckpoint cp = verifier.verifyCheckpoint(d.publishCheckpoint());
      System.out.printf(
          Locale.ROOT,
          "checkpoint of %,d entries (integrated and signed in %.1f s)%n",
          cp.size(),
          (System.nanoTime() - t0) / 1e9);
      verifySample(d.port(), controller, verifier, cp);
      ExecutorService pool = Executors.newFixedThreadPool(conns);
      try {
        System.out.println("warm-up:");
        proofs(d.port(), pool, conns, proofs, controller, cp.size(), false);
        proofs(d.port(), pool, conns, proofs, controller, cp.size(), true);
        System.out.println("measured (load average " + loadAverage() + "):");
        proofs(d.port(), pool, conns, proofs, controller, cp.size(), false);
        proofs(d.port(), pool, conns, proofs, controller, cp.size(), true);
        System.out.println("load average after: " + loadAverage());
      } finally {
        pool.shutdown();
      }
    }
  }

  /** The controller of the deployment in {@code dir}, creating and filling it on first use. */
  private static Identity prepare(Path dir, long size) throws Exception {
    Path key = dir.resolve("controller.pem");
    if (Files.exists(key)) {
      return Identity.load(key);
    }
    Files.createDirectories(dir);
    Identity controller = Identity.generate();
    try (Deployment d = Deployment.start(DeploymentConfig.embedded(dir, 0))) {
      d.plane().init(controller.principal());
    }
    SqliteDatabase db = SqliteDatabase.open(dir.resolve("dooor.db"));
    try {
      long have;
      try (var c = db.dataSource().getConnection();
          var st = c.createStatement();
          var rs = st.executeQuery("SELECT next_seq FROM audit_sequence")) {
        rs.next();
        have = rs.getLong(1);
      }
      AuditLogBuild.appendFiller(db.dataSource(), have, Math.max(0, size - have));
    } finally {
      db.close();
    }
    controller.save(key);
    return controller;
  }

  private static void verifySample(
      int port, Identity caller, AuditVerifier verifier, VerifiedCheckpoint cp) throws Exception {
    RequestSigner signer = new RequestSigner(caller);
    SplittableRandom rnd = new SplittableRandom(new SecureRandom().nextLong());
    try (HttpLoad.Connection c = new HttpLoad.Connection(port)) {
      for (int i = 0; i < 200; i++) {
        long idx = rnd.nextLong(cp.size());
        HttpLoad.Reply e =
            c.exchange(
                HttpLoad.signed(
                    signer,
                    "GET",
                    "/v1/audit/entries?from=" + idx + "&to=" + (idx + 1),
                    new byte[0]));
        e.expect(200);
        Bytes entry = Bytes.fromBase64(Json.MAPPER.readTree(e.body()).get(0).get("entry").asText());
        HttpLoad.Reply p =
            c.exchange(HttpLoad.signed(signer, "GET", proofPath(idx, cp.size()), new byte[0]));
        p.expect(200);
        List<String> hashes = new ArrayList<>();
        Json.MAPPER.readTree(p.body()).get("hashes").forEach(h -> hashes.add(h.asText()));
        verifier.verifyInclusion(cp, entry, InclusionProof.parse(idx, cp.size(), wire(hashes)));
      }
    }
    System.out.println(
        "200 random inclusion proofs fetched over HTTP verified against the checkpoint");
  }

  private static Bytes wire(List<String> hashes) {
    byte[] out = new byte[32 * hashes.size()];
    for (int i = 0; i < hashes.size(); i++) {
      byte[] h = Base64.getDecoder().decode(hashes.get(i));
      if (h.length != 32) {
        throw new IllegalStateException("proof hash " + i + " is " + h.length + " bytes");
      }
      System.arraycopy(h, 0, out, 32 * i, 32);
    }
    return Bytes.of(out);
  }

  private static String proofPath(long index, long size) {
    return "/v1/audit/proof/inclusion?index=" + index + "&size=" + size;
  }

  /**
   * Proofs in rounds: each round is signed untimed, then sent timed, within the nonce window. With
   * {@code control}, the proof of entry 0 in the tree of size 1 instead: the same route,
   * authentication, authorization and JSON reply, but an empty proof that reads nothing, so that
   * the difference is the cost of reading and building a proof in the large tree.
   */
  private static void proofs(
      int port, ExecutorService pool, int conns, int n, Identity caller, long size, boolean control)
      throws Exception {
    SplittableRandom rnd = new SplittableRandom(new SecureRandom().nextLong());
    long[] lat = new long[n];
    HttpLoad.Run total =
        HttpLoad.signedGets(
            pool,
            conns,
            port,
            new RequestSigner(caller),
            n,
            i -> control ? proofPath(0, 1) : proofPath(rnd.nextLong(size), size),
            lat);
    total.print(
        control
            ? "control: GET /v1/audit/proof/inclusion?index=0&size=1 (empty proof, pre-signed)"
            : "GET /v1/audit/proof/inclusion (random index, full tree, pre-signed)",
        n,
        lat,
        conns);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}

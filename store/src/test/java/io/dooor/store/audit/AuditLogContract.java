package io.dooor.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.audit.AuditEntry;
import io.dooor.audit.AuditException;
import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.AuditLog;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.Checkpoint;
import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.CosignatureCollector;
import io.dooor.audit.Cosigner;
import io.dooor.audit.CosignerKey;
import io.dooor.audit.InMemoryLogStorage;
import io.dooor.audit.Integrator;
import io.dooor.audit.TreeState;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.audit.Witness;
import io.dooor.audit.WitnessException;
import io.dooor.audit.WitnessPolicy;
import io.dooor.audit.WitnessState;
import io.dooor.audit.internal.SiblingHashes;
import io.dooor.audit.internal.TreeBuilder;
import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The audit log's JDBC behaviour, run against SQLite and PostgreSQL by the subclasses. */
abstract class AuditLogContract {
  static final long SEED = Long.getLong("dooor.seed", System.nanoTime());

  abstract DataSource dataSource();

  static void migrate(DataSource ds, String dialect) throws SQLException, IOException {
    StringBuilder sql = new StringBuilder();
    for (String file : AUDIT_MIGRATIONS) {
      try (InputStream in =
          AuditLogContract.class.getResourceAsStream("/db/migration/" + dialect + "/" + file)) {
        if (in != null) {
          sql.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append(";\n");
        }
      }
    }
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      for (String t :
          List.of(
              "audit_sequence",
              "audit_entry",
              "audit_tree",
              "audit_tile",
              "audit_checkpoint",
              "audit_cosignature")) {
        st.execute("DROP TABLE IF EXISTS " + t);
      }
      for (String stmt : sql.toString().replaceAll("(?m)^--.*$", "").split(";")) {
        if (!stmt.isBlank()) {
          st.execute(stmt);
        }
      }
    }
  }

  /** The audit log's migrations, in order; a dialect may lack some (V3 is SQLite's only). */
  static final List<String> AUDIT_MIGRATIONS =
      List.of("V2__audit_log.sql", "V3__audit_tile_rowid.sql", "V9__audit_cosignatures.sql");

  static AuditEntry entry(int i) {
    return AuditEntry.of(
        Instant.ofEpochSecond(1_764_000_000L + i),
        Bytes.of(Principal.anonymous().toBytes()),
        "node.heartbeat",
        "node:n" + i,
        Bytes.of(new byte[32]),
        AuditEntry.Outcome.OK,
        "beat",
        Map.of("i", Integer.toString(i)));
  }

  long appendCommitted(int i) throws SQLException {
    try (Connection c = dataSource().getConnection()) {
      c.setAutoCommit(false);
      long seq = JdbcAuditLog.append(c, entry(i));
      c.commit();
      c.setAutoCommit(true);
      return seq;
    }
  }

  void appendMany(int n) throws SQLException {
    try (Connection c = dataSource().getConnection()) {
      c.setAutoCommit(false);
      for (int i = 0; i < n; i++) {
        JdbcAuditLog.append(c, entry(i));
      }
      c.commit();
      c.setAutoCommit(true);
    }
  }

  @Test
  void appendsAreGapFreeAndRollBackWithTheirTransaction() throws Exception {
    try (Connection c = dataSource().getConnection()) {
      c.setAutoCommit(false);
      assertThat(JdbcAuditLog.append(c, entry(0))).isZero();
      assertThat(JdbcAuditLog.append(c, entry(1))).isEqualTo(1);
      c.rollback();
      c.setAutoCommit(true);
    }
    assertThat(appendCommitted(5)).isZero();
    assertThat(appendCommitted(6)).isEqualTo(1);
    try (Connection c = dataSource().getConnection()) {
      c.setAutoCommit(false);
      assertThatThrownBy(() -> JdbcAuditLog.append(c, entry(7).withSeq(9)))
          .isInstanceOf(SQLException.class);
      c.rollback();
      c.setAutoCommit(true);
    }
    try (Connection c = dataSource().getConnection()) {
      c.setAutoCommit(false);
      assertThat(JdbcAuditLog.appendAll(c, List.of(entry(8), entry(9), entry(10)))).isEqualTo(2);
      c.commit();
      c.setAutoCommit(true);
    }
    JdbcAuditLog log = new JdbcAuditLog(dataSource());
    assertThat(log.sequencedSize()).isEqualTo(5);
    assertThat(AuditEntry.decode(log.entries(4, 5).get(0)).seq()).isEqualTo(4);
    assertThat(AuditEntry.decode(log.entries(1, 2).get(0)).subject()).isEqualTo("node:n6");
  }

  @Test
  void concurrentWritersWhileIntegratingGiveOneConsistentLog() throws Exception {
    JdbcAuditLog store = new JdbcAuditLog(dataSource());
    CheckpointSigner signer = CheckpointSigner.generate("dooor.test/audit");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    try (Integrator integrator = new Integrator(store, signer)) {
      integrator.start(20);
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 150; i++) {
                    appendCommitted(base + i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      String note = integrator.publishNow();
      AuditVerifier v = AuditVerifier.of(signer.verifierKey());
      VerifiedCheckpoint cp = v.verifyCheckpoint(note);
      assertThat(cp.size()).isEqualTo(600);
      assertThat(v.replay(store.entries(0, 600), List.of(cp)).entries()).isEqualTo(600);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The integrator reads leaves and tiles and hashes them on a read snapshot: while that snapshot
   * is open, appends commit (if it held the write lock they would wait for it and fail with
   * SQLITE_BUSY / lock timeout instead). Storing the step is a compare-and-set: a step computed
   * from a tree that has moved on is refused and writes nothing.
   */
  @Test
  void appendsCommitWhileTheIntegratorReadsAndHashes() throws Exception {
    appendMany(3000);
    JdbcAuditLog store = new JdbcAuditLog(dataSource());
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      TreeBuilder.Step step =
          store.snapshot(
              s -> {
                TreeBuilder.Step planned = TreeBuilder.plan(s, Integrator.BATCH);
                for (int i = 0; i < 5; i++) {
                  assertThat(appendOnAnotherThread(writer, 3000 + i)).isEqualTo(3000 + i);
                }
                assertThat(s.leafHashes(3000, 10)).as("snapshot isolation").isEmpty();
                return planned;
              });
      assertThat(step.to().size()).isEqualTo(3000);
      assertThat(store.sequencedSize()).isEqualTo(3005);
      assertThat(store.commitIntegration(step.from(), step.tiles(), step.to())).isTrue();
      assertThat(store.treeState()).isEqualTo(step.to());
      assertThat(store.commitIntegration(step.from(), step.tiles(), step.to())).isFalse();
      assertThat(store.treeState()).isEqualTo(step.to());
    } finally {
      writer.shutdownNow();
    }
    InMemoryLogStorage reference = new InMemoryLogStorage();
    for (int i = 0; i < 3000; i++) {
      reference.append(entry(i));
    }
    for (int i = 3000; i < 3005; i++) {
      reference.append(entry(i));
    }
    CheckpointSigner signer = CheckpointSigner.generate("dooor.test/audit");
    TreeState stored = new Integrator(store, signer).integrateAll();
    assertThat(stored).isEqualTo(new Integrator(reference, signer).integrateAll());
    assertThat(stored.size()).isEqualTo(3005);
  }

  /** Appends entry {@code i} in its own committed transaction on {@code writer}; waits for it. */
  long appendOnAnotherThread(ExecutorService writer, int i) {
    try {
      return writer.submit(() -> appendCommitted(i)).get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("append " + i + " did not commit while the snapshot was open", e);
    }
  }

  @Test
  void servesVerifiableCheckpointsProofsAndTiles() throws Exception {
    appendMany(700);
    JdbcAuditLog store = new JdbcAuditLog(dataSource());
    CheckpointSigner signer = CheckpointSigner.generate("dooor.test/audit");
    AuditVerifier v = AuditVerifier.of(signer.verifierKey().toString());
    Integrator integrator = new Integrator(store, signer);
    VerifiedCheckpoint a = v.verifyCheckpoint(integrator.publishNow());
    appendMany(333);
    VerifiedCheckpoint b = v.verifyCheckpoint(integrator.publishNow());
    AuditLog log = new AuditLog(store);
    assertThat(log.latestCheckpoint()).contains(b.note());
    v.verifyConsistency(a, b, log.consistencyProof(700, 1033));
    Random rnd = new Random(SEED);
    for (int t = 0; t < 50; t++) {
      long idx = rnd.nextInt(1033);
      Bytes e = log.rawEntries(idx, idx + 1).get(0);
      assertThat(v.verifyInclusion(b, e, log.inclusionProof(idx, 1033)).entry().seq())
          .isEqualTo(idx);
    }
    assertThat(log.resource("tile/0/003")).get().extracting(Bytes::length).isEqualTo(256 * 32);
    assertThat(log.resource("tile/0/004.p/9")).get().extracting(Bytes::length).isEqualTo(9 * 32);
    assertThat(log.resource("tile/0/004.p/10")).isEmpty();
    assertThat(log.resource("tile/1/000.p/4")).get().extracting(Bytes::length).isEqualTo(4 * 32);
    assertThat(v.replay(fetcher(log), b).entries()).isEqualTo(1033);
  }

  /**
   * Issue #16: two real witnesses (in process) cosign through the collector; their cosignatures are
   * stored (V9) and a checkpoint counts as published only once the quorum cosigned it; a witness
   * that lost track (409 with its size) is answered with a proof from that size.
   */
  @Test
  void cosignaturesAreStoredAndPublishTheCheckpointAtTheQuorum() throws Exception {
    appendMany(40);
    JdbcAuditLog store = new JdbcAuditLog(dataSource());
    CheckpointSigner signer = CheckpointSigner.generate("dooor.test/audit");
    Integrator integrator = new Integrator(store, signer);
    AuditLog log = new AuditLog(store);
    List<CosignatureCollector.Endpoint> ws = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Cosigner c = Cosigner.generate("witness.test/w" + i);
      Witness w = new Witness(c, List.of(signer.verifierKey()), new MemoryState(), () -> 5L);
      boolean up = i != 3;
      ws.add(new CosignatureCollector.Endpoint(c.key(), "w" + i, body -> reply(w, body, up)));
      keys.add(c.key().toString());
    }
    assertThat(log.witnessedCheckpoint(keys, 2)).isEmpty();
    try (CosignatureCollector collector =
        new CosignatureCollector(log, store, ws, o -> {}, 60_000)) {
      String first = integrator.publishNow();
      assertThat(collector.submit(first))
          .extracting(CosignatureCollector.Outcome::status)
          .containsExactly(
              CosignatureCollector.Status.COSIGNED,
              CosignatureCollector.Status.COSIGNED,
              CosignatureCollector.Status.UNREACHABLE);
      assertThat(log.witnessedCheckpoint(keys, 3)).isEmpty();
      String published = log.witnessedCheckpoint(keys, 2).orElseThrow();
      VerifiedCheckpoint cp = AuditVerifier.of(signer.verifierKey()).verifyCheckpoint(published);
      assertThat(new WitnessPolicy(keysOf(ws), 2).verify(cp)).hasSize(2);
      appendMany(25);
      String second = integrator.publishNow();
      store.saveCosignature(65, "forgotten", "nothing"); // another key's row never counts
      assertThat(log.witnessedCheckpoint(keys, 2)).contains(published);
      sql("DELETE FROM audit_cosignature WHERE cosigner = '" + keys.get(0) + "'");
      assertThat(collector.submit(second))
          .extracting(CosignatureCollector.Outcome::status)
          .startsWith(CosignatureCollector.Status.COSIGNED, CosignatureCollector.Status.COSIGNED);
      assertThat(store.latestCosignedSize(keys.get(0))).isEqualTo(65);
      assertThat(store.latestCosignedBy(keys, 2)).hasValue(65);
      assertThat(store.checkpoint(65)).contains(second);
    }
  }

  private static CosignatureCollector.Reply reply(Witness w, byte[] body, boolean up)
      throws java.io.IOException {
    if (!up) {
      throw new java.io.IOException("connection refused");
    }
    try {
      return new CosignatureCollector.Reply(
          200, w.addCheckpoint(body).getBytes(StandardCharsets.UTF_8));
    } catch (WitnessException e) {
      String size = e.latestSize() + "\n";
      return new CosignatureCollector.Reply(
          e.reason() == WitnessException.Reason.OLD_SIZE_MISMATCH ? 409 : 422,
          size.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static List<CosignerKey> keysOf(List<CosignatureCollector.Endpoint> ws) {
    return ws.stream().map(CosignatureCollector.Endpoint::key).toList();
  }

  /** A witness's memory for this test (the file-backed one is the witness process's). */
  private static final class MemoryState implements WitnessState {
    private final java.util.Map<String, Checkpoint> latest = new java.util.HashMap<>();

    @Override
    public java.util.Optional<Checkpoint> latest(String origin) {
      return java.util.Optional.ofNullable(latest.get(origin));
    }

    @Override
    public void save(Checkpoint cp) {
      latest.put(cp.origin(), cp);
    }
  }

  /**
   * Inclusion proofs read only the 8 sibling hashes of a full level-0 tile, through a statement
   * each pooled connection prepares once: they are the hashes of the stored tile, the same across
   * many reads on every connection, and nothing for partial or absent tiles.
   */
  @Test
  void fullTileHashesAreTheStoredTilesHashes() throws Exception {
    signedLogOf(600);
    JdbcAuditLog store = new JdbcAuditLog(dataSource());
    Random rnd = new Random(SEED);
    for (int t = 0; t < 40; t++) {
      int tile = rnd.nextInt(2);
      int[] positions = SiblingHashes.positions(rnd.nextInt(256));
      byte[] nodes = store.tile(0, tile).orElseThrow().nodes().toArray();
      byte[] expected = new byte[32 * positions.length];
      for (int i = 0; i < positions.length; i++) {
        System.arraycopy(nodes, 32 * positions[i], expected, 32 * i, 32);
      }
      assertThat(store.fullTileHashes(0, tile, positions)).contains(Bytes.of(expected));
    }
    assertThat(store.fullTileHashes(0, 2, SiblingHashes.positions(5))).as("partial").isEmpty();
    assertThat(store.fullTileHashes(0, 3, SiblingHashes.positions(5))).as("absent").isEmpty();
    assertThat(store.fullTileHashes(1, 0, SiblingHashes.positions(5))).as("partial").isEmpty();
  }

  @Test
  void corruptTileRowIsAStorageError() throws Exception {
    VerifiedCheckpoint cp = signedLogOf(600);
    sql("UPDATE audit_tile SET nodes = nodes || nodes WHERE level = 0 AND idx = 1");
    AuditLog log = new AuditLog(new JdbcAuditLog(dataSource()));
    assertThatThrownBy(() -> log.inclusionProof(300, cp.size()))
        .isInstanceOfSatisfying(
            AuditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.STORAGE);
              assertThat(e.getMessage()).contains("tile 0/1 is corrupt");
            });
    assertThat(verifier.verifyInclusion(cp, entryAt(log, 10), log.inclusionProof(10, cp.size())))
        .isNotNull();
  }

  static Bytes entryAt(AuditLog log, long i) throws AuditException {
    return log.rawEntries(i, i + 1).get(0);
  }

  @Test
  void alteredEntryInTheDatabaseIsNamed() throws Exception {
    VerifiedCheckpoint cp = signedLogOf(600);
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE audit_entry SET entry = ? WHERE seq = 417")) {
      byte[] e = new JdbcAuditLog(dataSource()).entries(417, 418).get(0).toArray();
      e[e.length - 1] ^= 1;
      ps.setBytes(1, e);
      ps.executeUpdate();
    }
    assertTamperNamed(cp, Reason.ENTRY_MISMATCH, 417);
  }

  @Test
  void deletedEntryInTheDatabaseIsNamed() throws Exception {
    VerifiedCheckpoint cp = signedLogOf(600);
    sql("DELETE FROM audit_entry WHERE seq = 300");
    assertTamperNamed(cp, Reason.ENTRY_MISSING, 300);
  }

  @Test
  void reorderedEntriesInTheDatabaseAreNamed() throws Exception {
    VerifiedCheckpoint cp = signedLogOf(600);
    sql("UPDATE audit_entry SET seq = -1 WHERE seq = 12");
    sql("UPDATE audit_entry SET seq = 12 WHERE seq = 13");
    sql("UPDATE audit_entry SET seq = 13 WHERE seq = -1");
    assertTamperNamed(cp, Reason.SEQUENCE_MISMATCH, 12);
  }

  VerifiedCheckpoint signedLogOf(int n) throws Exception {
    appendMany(n);
    CheckpointSigner signer = CheckpointSigner.generate("dooor.test/audit");
    verifier = AuditVerifier.of(signer.verifierKey());
    return verifier.verifyCheckpoint(
        new Integrator(new JdbcAuditLog(dataSource()), signer).publishNow());
  }

  AuditVerifier verifier;

  void assertTamperNamed(VerifiedCheckpoint cp, Reason reason, long position) {
    AuditLog log = new AuditLog(new JdbcAuditLog(dataSource()));
    assertThatThrownBy(() -> verifier.replay(fetcher(log), cp))
        .isInstanceOfSatisfying(
            AuditException.class,
            e -> {
              assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
            });
  }

  void sql(String s) throws SQLException {
    try (Connection c = dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate(s);
    }
  }

  static AuditVerifier.TileFetcher fetcher(AuditLog log) {
    return p -> log.resource(p).orElseThrow(() -> new AuditException(Reason.NOT_FOUND, p));
  }
}

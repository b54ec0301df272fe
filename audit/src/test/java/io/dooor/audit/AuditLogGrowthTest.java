package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One {@link AuditLog} serving a log that keeps growing: its cached right-edge tiles become too
 * narrow and must be read again, and proofs for every size seen so far keep verifying against the
 * roots the integrator computed at the time. Randomized, seed printed.
 */
class AuditLogGrowthTest {
  @Test
  void proofsStayValidWhileTheLogGrowsUnderOneReader() throws AuditException {
    long seed = Long.getLong("dooor.seed", new SecureRandom().nextLong());
    System.out.println("AuditLogGrowthTest seed=" + seed);
    Random rnd = new Random(seed);
    InMemoryLogStorage storage = new InMemoryLogStorage();
    Integrator integrator = new Integrator(storage, CheckpointSigner.generate("t"));
    AuditLog log = new AuditLog(storage);
    List<TreeState> trees = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      int batch = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 3000);
      for (int i = 0; i < batch; i++) {
        storage.append(entry(rnd));
      }
      trees.add(integrator.integrateAll());
      TreeState now = trees.get(trees.size() - 1);
      for (int p = 0; p < 20; p++) {
        TreeState t = p == 0 ? now : trees.get(rnd.nextInt(trees.size()));
        long idx = p < 3 ? t.size() - 1 - p % 2 : (long) rnd.nextInt((int) t.size());
        checkInclusion(log, storage, t, Math.max(0, idx));
      }
      TreeState older = trees.get(rnd.nextInt(trees.size()));
      MerkleVerifier.verifyConsistency(
          older.size(),
          now.size(),
          older.root(),
          now.root(),
          log.consistencyProof(older.size(), now.size()).hashes());
      assertThat(log.root(now.size())).isEqualTo(now.root());
    }
  }

  /**
   * Issue #11 defect 2: after a tile resource was read at one size, the same tile for a larger
   * checkpoint was refused, because the cached right edge was too narrow. Grows one entry at a time
   * past 512 (two full level-0 tiles, a level-1 tile) and, at every size, reads every tile and
   * bundle that the latest and an earlier checkpoint imply and replays them to the signed root.
   */
  @Test
  void everyTileResourceOfEveryCheckpointIsServedAtEverySize() throws AuditException {
    long seed = Long.getLong("dooor.seed", new SecureRandom().nextLong());
    System.out.println("AuditLogGrowthTest tiles seed=" + seed);
    Random rnd = new Random(seed);
    InMemoryLogStorage storage = new InMemoryLogStorage();
    CheckpointSigner signer = CheckpointSigner.generate("t");
    Integrator integrator = new Integrator(storage, signer);
    AuditVerifier verifier = AuditVerifier.of(signer.verifierKey());
    AuditLog log = new AuditLog(storage);
    List<VerifiedCheckpoint> published = new ArrayList<>();
    for (int n = 1; n <= 600; n++) {
      storage.append(entry(rnd));
      published.add(verifier.verifyCheckpoint(integrator.publishNow()));
      checkResources(log, verifier, published.get(n - 1));
      checkResources(log, verifier, published.get(rnd.nextInt(n)));
    }
  }

  /** Every tile of every level, and every bundle, of {@code cp}: served, and replaying to it. */
  private static void checkResources(AuditLog log, AuditVerifier verifier, VerifiedCheckpoint cp)
      throws AuditException {
    verifier.replay(path -> resource(log, path), cp);
    for (int level = 1; (cp.size() >>> (8 * level)) > 0; level++) {
      long count = cp.size() >>> (8 * level);
      for (long k = 0; k * 256 < count; k++) {
        int width = (int) Math.min(256, count - 256 * k);
        String path = new TilePath(level, k, width).toString();
        assertThat(resource(log, path).length()).as(path).isEqualTo(32 * width);
      }
    }
  }

  private static Bytes resource(AuditLog log, String path) throws AuditException {
    return log.resource(path)
        .orElseThrow(() -> new AuditException(AuditException.Reason.NOT_FOUND, "no " + path));
  }

  private static void checkInclusion(AuditLog log, LogStorage storage, TreeState t, long idx)
      throws AuditException {
    Bytes entry = storage.entries(idx, idx + 1).get(0);
    MerkleVerifier.verifyInclusion(
        idx,
        t.size(),
        MerkleVerifier.leafHash(entry),
        log.inclusionProof(idx, t.size()).hashes(),
        t.root());
  }

  private static AuditEntry entry(Random r) {
    return AuditEntry.of(
        Instant.ofEpochSecond(1_700_000_000L + r.nextInt(1000)),
        Bytes.of(new byte[] {4}),
        "node.heartbeat",
        "node:" + r.nextInt(),
        Bytes.of(new byte[32]),
        AuditEntry.Outcome.OK,
        "",
        Map.of());
  }
}

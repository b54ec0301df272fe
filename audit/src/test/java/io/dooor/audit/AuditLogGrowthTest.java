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

package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-level interop with Go's golang.org/x/mod/sumdb/note and sumdb/tlog (Debian packages
 * golang-go and golang-golang-x-mod-dev): Go verifies our signed checkpoints, our inclusion and
 * consistency proofs, rebuilds the same proofs from our C2SP tiles, and we verify a note Go signed.
 * Skipped, with the assumption named, where {@code go} or the x/mod sources are absent.
 */
class GoInteropTest {
  @TempDir static Path work;

  @BeforeAll
  static void requireGo() {
    GoProgram.assumeAvailable();
  }

  @Test
  void goVerifiesOurCheckpointsProofsAndTiles() throws Exception {
    InMemoryLogStorage storage = new InMemoryLogStorage();
    CheckpointSigner signer = CheckpointSigner.generate("dooor.test/audit");
    Integrator integrator = new Integrator(storage, signer);
    Random rnd = new Random(42);
    for (int i = 0; i < 70_001; i++) {
      storage.append(LogPropertyTest.entry(rnd, i));
      if (i == 1234) {
        Files.writeString(work.resolve("checkpoint.old"), integrator.publishNow());
      }
    }
    String note = integrator.publishNow();
    AuditLog log = new AuditLog(storage);
    long n = log.treeState().size();
    Files.writeString(work.resolve("checkpoint"), note);
    Files.writeString(work.resolve("vkey"), signer.verifierKey().toString());
    writeTiles(log, n);
    List<String> lines = new ArrayList<>();
    for (long idx : new long[] {0, 1, 255, 256, 1234, 65535, 65536, 70000, rnd.nextInt(70001)}) {
      Bytes entry = log.rawEntries(idx, idx + 1).get(0);
      lines.add(
          "incl "
              + idx
              + " "
              + entry.base64()
              + " "
              + log.inclusionProof(idx, n).encode().base64());
    }
    lines.add("cons " + log.consistencyProof(1235, n).encode().base64());
    Files.write(work.resolve("proofs"), lines, StandardCharsets.UTF_8);
    String out = go("verify", work.toString());
    assertThat(out).isEqualTo("OK " + (lines.size() + 1) + " checks\n");
  }

  @Test
  void weVerifyANoteGoSigned() throws Exception {
    Bytes root = MerkleVerifier.leafHash(Bytes.of(new byte[] {1, 2, 3}));
    String out = go("sign", "1", root.base64());
    int nl = out.indexOf('\n');
    VerifiedCheckpoint cp =
        AuditVerifier.of(out.substring(0, nl)).verifyCheckpoint(out.substring(nl + 1));
    assertThat(cp.checkpoint().rootHash()).isEqualTo(root);
    assertThat(cp.key().name()).isEqualTo("go.example/log");
  }

  static void writeTiles(AuditLog log, long n) throws AuditException, IOException {
    for (int level = 0; (n >>> (8 * level)) > 0; level++) {
      long count = n >>> (8 * level);
      for (long k = 0; k * 256 < count; k++) {
        int width = (int) Math.min(256, count - 256 * k);
        String path = new TilePath(level, k, width).toString();
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, log.resource(path).orElseThrow().toArray());
      }
    }
  }

  static String go(String... args) throws Exception {
    return GoProgram.run(work, args);
  }
}

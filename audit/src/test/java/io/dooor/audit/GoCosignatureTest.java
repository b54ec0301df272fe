package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go's golang.org/x/mod/sumdb/note opens a checkpoint two witnesses cosigned (cosignature/v1, with
 * a verifier written in the Go program from C2SP tlog-cosignature, which also recomputes our key
 * IDs), and refuses one whose cosignature was altered. Skipped where Go is absent.
 */
class GoCosignatureTest {
  @TempDir static Path work;

  @BeforeAll
  static void requireGo() {
    GoProgram.assumeAvailable();
  }

  @Test
  void goVerifiesTwoWitnessCosignaturesAndRefusesAnAlteredOne() throws Exception {
    InMemoryLogStorage storage = new InMemoryLogStorage();
    CheckpointSigner log = CheckpointSigner.generate("dooor.test/log");
    Random r = new Random(3);
    for (int i = 0; i < 40; i++) {
      storage.append(LogPropertyTest.entry(r, i));
    }
    String note = new Integrator(storage, log).publishNow();
    byte[] request = new AddCheckpointRequest(0, List.of(), note).encode();
    Cosigner w1 = Cosigner.generate("witness.test/w1");
    Cosigner w2 = Cosigner.generate("witness.test/w2");
    String cosigned = note;
    for (Cosigner w : List.of(w1, w2)) {
      Witness witness =
          new Witness(w, List.of(log.verifierKey()), new WitnessTest.MapState(), () -> 1234L);
      cosigned += witness.addCheckpoint(request);
    }
    Path file = work.resolve("cosigned");
    Files.writeString(file, cosigned);
    String out =
        GoProgram.runCosigned(
            work,
            "verify",
            file.toString(),
            log.verifierKey().toString(),
            w1.key().toString(),
            w2.key().toString());
    assertThat(out).isEqualTo("OK dooor.test/log cosigned by 2 witnesses\n");

    String last = cosigned.substring(cosigned.lastIndexOf("\u2014"));
    String b64 = last.substring(last.lastIndexOf(' ') + 1).strip();
    byte[] blob = java.util.Base64.getDecoder().decode(b64);
    blob[20] ^= 1; // inside the Ed25519 signature, after the key ID and timestamp
    String altered = last.replace(b64, java.util.Base64.getEncoder().encodeToString(blob));
    Files.writeString(file, cosigned.replace(last, altered));
    String refused =
        GoProgram.runCosigned(
            work,
            "expect-reject",
            file.toString(),
            log.verifierKey().toString(),
            w1.key().toString(),
            w2.key().toString());
    assertThat(refused).startsWith("REJECTED: ").contains("invalid signature");
  }
}

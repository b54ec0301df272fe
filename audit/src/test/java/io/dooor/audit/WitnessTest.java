package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.audit.WitnessException.Reason;
import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * C2SP tlog-witness add-checkpoint semantics against a real log: cosigns a growing log, refuses
 * with the spec's reasons (unknown origin, not signed by the log, old size beyond the checkpoint,
 * old size not the latest cosigned, same size with another root, a proof that does not verify), and
 * never cosigns a rewritten history; its cosignature/v1 verifies under its key and no other.
 */
class WitnessTest {
  private final InMemoryLogStorage storage = new InMemoryLogStorage();
  private final CheckpointSigner signer = CheckpointSigner.generate("dooor.test/log");
  private final Integrator integrator = new Integrator(storage, signer);
  private final AuditLog log = new AuditLog(storage);
  private final Cosigner cosigner = Cosigner.generate("witness.test/w1");
  private final MapState state = new MapState();
  private final Witness witness =
      new Witness(cosigner, List.of(signer.verifierKey()), state, () -> 1_700_000_000L);
  private final Random random = new Random(7);

  @Test
  void cosignsAGrowingLogWithConsistencyProofs() throws Exception {
    String first = grow(10);
    String line = witness.addCheckpoint(request(0, first));
    Cosignature c = verifyLine(first, line);
    assertThat(c.timestamp()).isEqualTo(1_700_000_000L);
    String second = grow(300);
    verifyLine(second, witness.addCheckpoint(request(10, second)));
    assertThat(state.latest("dooor.test/log").orElseThrow().size()).isEqualTo(310);
    verifyLine(second, witness.addCheckpoint(request(310, second))); // same checkpoint again
  }

  @Test
  void refusesWithTheReasonsOfTheSpec() throws Exception {
    String first = grow(5);
    witness.addCheckpoint(request(0, first));
    String second = grow(3);
    assertThat(refusal(request(0, second)).reason()).isEqualTo(Reason.OLD_SIZE_MISMATCH);
    assertThat(refusal(request(0, second)).latestSize()).isEqualTo(5);
    assertThat(refusal(request(9, second)).reason()).isEqualTo(Reason.OLD_SIZE_TOO_LARGE);
    CheckpointSigner other = CheckpointSigner.generate("dooor.test/log");
    String forged = other.sign(Checkpoint.parse(body(second)));
    assertThat(refusal(request(5, forged)).reason()).isEqualTo(Reason.NOT_SIGNED_BY_LOG);
    CheckpointSigner stranger = CheckpointSigner.generate("dooor.test/other");
    String unknown = stranger.sign(Checkpoint.of("dooor.test/other", 1, Bytes.of(new byte[32])));
    assertThat(refusal(new AddCheckpointRequest(0, List.of(), unknown).encode()).reason())
        .isEqualTo(Reason.UNKNOWN_LOG);
    List<Bytes> wrong = new ArrayList<>(log.consistencyProof(5, 8).hashes());
    wrong.set(0, Bytes.of(new byte[32]));
    assertThat(refusal(new AddCheckpointRequest(5, wrong, second).encode()).reason())
        .isEqualTo(Reason.INCONSISTENT);
    String fork = signer.sign(Checkpoint.of(signer.origin(), 5, Bytes.of(new byte[32])));
    assertThat(refusal(new AddCheckpointRequest(5, List.of(), fork).encode()).reason())
        .isEqualTo(Reason.ROOT_MISMATCH);
    assertThat(state.latest("dooor.test/log").orElseThrow().size()).as("unchanged").isEqualTo(5);
    witness.addCheckpoint(request(5, second));
  }

  @Test
  void neverCosignsARewrittenHistory() throws Exception {
    witness.addCheckpoint(request(0, grow(20)));
    InMemoryLogStorage rewritten = new InMemoryLogStorage();
    Random r = new Random(99);
    for (int i = 0; i < 30; i++) {
      rewritten.append(LogPropertyTest.entry(r, i));
    }
    String resigned = new Integrator(rewritten, signer).publishNow();
    List<Bytes> proof = new AuditLog(rewritten).consistencyProof(20, 30).hashes();
    WitnessException e = refusal(new AddCheckpointRequest(20, proof, resigned).encode());
    assertThat(e.reason()).isEqualTo(Reason.INCONSISTENT);
    assertThat(e.getMessage()).contains("consistency proof from the cosigned size 20 to 30");
  }

  @Test
  void cosignatureVerifiesOnlyUnderItsKeyAndRoundTrips() throws Exception {
    String note = grow(3);
    String line = witness.addCheckpoint(request(0, note));
    WitnessPolicy other = new WitnessPolicy(List.of(Cosigner.generate("witness.test/w1").key()), 1);
    VerifiedCheckpoint cp = AuditVerifier.of(signer.verifierKey()).verifyCheckpoint(note + line);
    assertThat(other.cosignatures(cp.note(), cp.checkpoint())).isEmpty();
    assertThatThrownBy(() -> other.verify(cp))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("0 valid cosignatures");
    assertThat(CosignerKey.parse(cosigner.key().toString())).isEqualTo(cosigner.key());
    assertThat(Cosigner.parse(cosigner.privateKeyString()).key()).isEqualTo(cosigner.key());
    assertThat(cosigner.toString()).doesNotContain(cosigner.privateKeyString().substring(40));
    String tampered = note.replace(body(note).split("\n")[1], "4");
    assertThatThrownBy(
            () ->
                CosignerKey.parse(cosigner.key().toString())
                    .verify(
                        body(tampered),
                        Bytes.fromBase64(line.substring(line.lastIndexOf(' ') + 1).strip())
                            .slice(4, 76)
                            .toArray()))
        .isInstanceOf(AuditException.class);
  }

  private Cosignature verifyLine(String note, String line) throws AuditException {
    VerifiedCheckpoint cp = AuditVerifier.of(signer.verifierKey()).verifyCheckpoint(note + line);
    List<Cosignature> c = new WitnessPolicy(List.of(cosigner.key()), 1).verify(cp);
    assertThat(c).hasSize(1);
    return c.get(0);
  }

  private String grow(int n) throws AuditException {
    for (int i = 0; i < n; i++) {
      storage.append(LogPropertyTest.entry(random, storage.sequencedSize()));
    }
    return integrator.publishNow();
  }

  private byte[] request(long old, String note) throws AuditException {
    long size = Checkpoint.parse(body(note)).size();
    List<Bytes> proof =
        old == 0 || old >= size ? List.of() : log.consistencyProof(old, size).hashes();
    return new AddCheckpointRequest(old, proof, note).encode();
  }

  private WitnessException refusal(byte[] body) {
    try {
      witness.addCheckpoint(body);
    } catch (WitnessException e) {
      return e;
    }
    throw new AssertionError("cosigned");
  }

  static String body(String note) {
    return note.substring(0, note.indexOf("\n\n") + 1);
  }

  /** A witness state in memory (the file-backed one is the CLI's). */
  static final class MapState implements WitnessState {
    private final Map<String, Checkpoint> latest = new HashMap<>();

    @Override
    public Optional<Checkpoint> latest(String origin) {
      return Optional.ofNullable(latest.get(origin));
    }

    @Override
    public void save(Checkpoint checkpoint) {
      latest.put(checkpoint.origin(), checkpoint);
    }
  }
}

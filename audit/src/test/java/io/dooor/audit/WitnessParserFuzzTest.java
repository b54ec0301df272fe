package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * The witness's untrusted inputs: add-checkpoint request bodies (straight into a real {@link
 * Witness}, whose state must not move unless it cosigned) and cosigned notes (into {@link
 * WitnessPolicy}) and cosigner key strings. Only WitnessException and AuditException may escape.
 */
class WitnessParserFuzzTest {
  static final CheckpointSigner LOG = CheckpointSigner.generate("fuzz.example/log");
  static final Cosigner COSIGNER = Cosigner.generate("fuzz.example/witness");
  static final WitnessPolicy POLICY = new WitnessPolicy(List.of(COSIGNER.key()), 1);

  @FuzzTest(maxDuration = "30s")
  void addCheckpointBody(byte[] body) {
    WitnessTest.MapState state = new WitnessTest.MapState();
    Witness w = new Witness(COSIGNER, List.of(LOG.verifierKey()), state, () -> 1L);
    try {
      AddCheckpointRequest req = AddCheckpointRequest.parse(body);
      assertThat(AddCheckpointRequest.parse(req.encode())).isEqualTo(req);
    } catch (WitnessException expected) {
      assertThat(expected.reason()).isEqualTo(WitnessException.Reason.MALFORMED_REQUEST);
    }
    try {
      String line = w.addCheckpoint(body);
      assertThat(line).startsWith("\u2014 fuzz.example/witness ");
      assertThat(state.latest("fuzz.example/log")).isPresent();
    } catch (WitnessException expected) {
      assertThat(expected.reason()).isNotNull();
      assertThat(state.latest("fuzz.example/log")).isEmpty();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void cosignedNote(FuzzedDataProvider data) {
    String note = data.consumeRemainingAsString();
    try {
      VerifiedCheckpoint cp = AuditVerifier.of(LOG.verifierKey()).verifyCheckpoint(note);
      List<Cosignature> c = POLICY.verify(cp);
      assertThat(c).hasSize(1);
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void cosignerKeys(FuzzedDataProvider data) {
    String s = data.consumeRemainingAsString();
    try {
      assertThat(CosignerKey.parse(s).toString()).isEqualTo(s);
    } catch (AuditException expected) {
      assertThat(expected.reason()).isEqualTo(AuditException.Reason.MALFORMED_KEY);
    }
    try {
      Cosigner.parse(s);
    } catch (AuditException expected) {
      assertThat(expected.reason()).isEqualTo(AuditException.Reason.MALFORMED_KEY);
    }
  }
}

package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;

/** Signed notes, checkpoint bodies and key strings: only AuditException may escape. */
class NoteParserFuzzTest {
  static final CheckpointSigner SIGNER = CheckpointSigner.generate("fuzz.example/log");
  static final AuditVerifier VERIFIER = AuditVerifier.of(SIGNER.verifierKey());

  @FuzzTest(maxDuration = "30s")
  void signedNote(FuzzedDataProvider data) {
    String s = data.consumeRemainingAsString();
    try {
      VerifiedCheckpoint cp = VERIFIER.verifyCheckpoint(s);
      assertThat(cp.checkpoint().origin()).isEqualTo("fuzz.example/log");
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void checkpointBody(byte[] data) {
    String s = new String(data, StandardCharsets.UTF_8);
    try {
      Checkpoint cp = Checkpoint.parse(s);
      assertThat(Checkpoint.parse(cp.body())).isEqualTo(cp);
      assertThat(
              VERIFIER
                  .verifyCheckpoint(
                      SIGNER.sign(Checkpoint.of(SIGNER.origin(), cp.size(), cp.rootHash())))
                  .size())
          .isEqualTo(cp.size());
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void keys(FuzzedDataProvider data) {
    String s = data.consumeRemainingAsString();
    try {
      assertThat(VerifierKey.parse(s).toString()).isEqualTo(s);
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
    try {
      CheckpointSigner.parse(s);
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
    assertThat(Bytes.empty()).isNotNull();
  }
}

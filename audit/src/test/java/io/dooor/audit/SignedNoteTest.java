package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.audit.AuditException.Reason;
import io.dooor.common.Bytes;
import org.junit.jupiter.api.Test;

class SignedNoteTest {
  // Known answer from golang.org/x/mod/sumdb/note's example_test.go (C2SP signed-note, Ed25519).
  static final String GO_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String GO_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String GO_TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  static final String GO_SIGNED =
      GO_TEXT
          + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXg"
          + "KvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  @Test
  void matchesGoNoteKnownAnswer() throws Exception {
    CheckpointSigner s = CheckpointSigner.parse(GO_SKEY);
    assertThat(s.verifierKey().toString()).isEqualTo(GO_VKEY);
    assertThat(s.privateKeyString()).isEqualTo(GO_SKEY);
    assertThat(s.signText(GO_TEXT)).isEqualTo(GO_SIGNED);
    assertThat(VerifierKey.parse(GO_VKEY).toString()).isEqualTo(GO_VKEY);
    // The signature verifies; the body is simply not a checkpoint.
    assertThatThrownBy(() -> AuditVerifier.of(GO_VKEY).verifyCheckpoint(GO_SIGNED))
        .isInstanceOfSatisfying(
            AuditException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_CHECKPOINT));
    String tampered = GO_SIGNED.replace("answer", "Answer");
    assertReason(
        () -> AuditVerifier.of(GO_VKEY).verifyCheckpoint(tampered), Reason.SIGNATURE_INVALID);
  }

  @Test
  void signsAndVerifiesCheckpoints() throws Exception {
    CheckpointSigner s = CheckpointSigner.generate("example.com/dooor/audit");
    Checkpoint cp = Checkpoint.of(s.origin(), 42, Bytes.of(new byte[32]));
    String note = s.sign(cp);
    assertThat(note)
        .startsWith(
            "example.com/dooor/audit\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 example.com/dooor/audit ");
    AuditVerifier v = AuditVerifier.of(s.verifierKey().toString());
    assertThat(v.verifyCheckpoint(note).checkpoint()).isEqualTo(cp);
    assertThat(CheckpointSigner.parse(s.privateKeyString()).sign(cp)).isEqualTo(note);
    CheckpointSigner other = CheckpointSigner.generate("example.com/dooor/audit");
    assertReason(
        () -> AuditVerifier.of(other.verifierKey()).verifyCheckpoint(note),
        Reason.SIGNATURE_INVALID);
    String foreignSig = note + other.sign(cp).substring(cp.body().length() + 1);
    assertThat(v.verifyCheckpoint(foreignSig).size()).isEqualTo(42);
    assertThat(s.toString()).doesNotContain(s.privateKeyString().substring(40));
  }

  @Test
  void rejectsMalformedNotesAndKeys() {
    CheckpointSigner s = CheckpointSigner.generate("log");
    String note = s.sign(Checkpoint.of("log", 1, Bytes.of(new byte[32])));
    AuditVerifier v = AuditVerifier.of(s.verifierKey());
    assertReason(() -> v.verifyCheckpoint(note.replace("\n\n", "\n")), Reason.MALFORMED_NOTE);
    assertReason(() -> v.verifyCheckpoint(note.replace("\u2014", "-")), Reason.MALFORMED_NOTE);
    assertReason(
        () -> v.verifyCheckpoint(note.substring(0, note.length() - 1)), Reason.MALFORMED_NOTE);
    assertReason(
        () -> v.verifyCheckpoint(note.replace("log\n1", "log\r\n1")), Reason.MALFORMED_NOTE);
    assertReason(() -> VerifierKey.parse("log+0000000+AQ=="), Reason.MALFORMED_KEY);
    assertReason(
        () -> VerifierKey.parse(s.verifierKey().toString().replace("+", "-")),
        Reason.MALFORMED_KEY);
    String wrongId = "log+00000000+" + s.verifierKey().toString().split("\\+")[2];
    assertReason(() -> VerifierKey.parse(wrongId), Reason.MALFORMED_KEY);
    assertReason(
        () -> CheckpointSigner.parse("PRIVATE+KEY+log+00000000+AQ=="), Reason.MALFORMED_KEY);
  }

  @Test
  void refusesASmallOrderVerifierKey() {
    byte[] neutral = new byte[32]; // the neutral point (0, 1), of order 1: any signature "verifies"
    neutral[0] = 1;
    byte[] raw = new byte[33];
    raw[0] = VerifierKey.ALG_ED25519;
    System.arraycopy(neutral, 0, raw, 1, 32);
    int id = io.dooor.audit.internal.NoteCodec.keyId("log", VerifierKey.ALG_ED25519, neutral);
    String text =
        "log+"
            + String.format(java.util.Locale.ROOT, "%08x", id)
            + "+"
            + java.util.Base64.getEncoder().encodeToString(raw);
    assertReason(() -> VerifierKey.parse(text), Reason.MALFORMED_KEY);
  }

  @Test
  void checkpointBodiesAreStrict() throws Exception {
    String root = Bytes.of(new byte[32]).base64();
    assertThat(Checkpoint.parse("o\n7\n" + root + "\next\n").extensions()).containsExactly("ext");
    for (String bad :
        new String[] {
          "o\n07\n" + root + "\n",
          "o\n-1\n" + root + "\n",
          "o\n7\n" + root,
          "\n7\n" + root + "\n",
          "o\n7\nAAAA\n",
          "o\n7\n" + root + "\n\n",
          "o\n99999999999999999999\n" + root + "\n",
          "o\n7\n"
        }) {
      assertReason(() -> Checkpoint.parse(bad), Reason.MALFORMED_CHECKPOINT);
    }
  }

  @Test
  void checkpointOriginMustBeKeyName() {
    CheckpointSigner s = CheckpointSigner.generate("log-a");
    String note = s.signText("log-b\n1\n" + Bytes.of(new byte[32]).base64() + "\n");
    assertReason(
        () -> AuditVerifier.of(s.verifierKey()).verifyCheckpoint(note), Reason.ORIGIN_MISMATCH);
  }

  interface Call {
    Object run() throws AuditException;
  }

  static void assertReason(Call c, Reason reason) {
    assertThatThrownBy(c::run)
        .isInstanceOfSatisfying(
            AuditException.class, e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}

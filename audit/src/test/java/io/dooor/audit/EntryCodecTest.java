package io.dooor.audit;

import static io.dooor.audit.SignedNoteTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.audit.AuditException.Reason;
import io.dooor.common.Bytes;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryCodecTest {
  static AuditEntry sample(long seq) {
    return new AuditEntry(
        seq,
        Instant.ofEpochSecond(1_764_000_000L, 123_456_789),
        Bytes.of(new byte[] {4}),
        "node.register",
        "node:n1",
        Bytes.of(new byte[32]),
        AuditEntry.Outcome.OK,
        "registered",
        Map.of("tee", "sim", "zeta", "\u00e9\u20ac", "alpha", "1"));
  }

  @Test
  void roundTripsCanonically() throws Exception {
    AuditEntry e = sample(7);
    Bytes enc = e.encode();
    assertThat(AuditEntry.decode(enc)).isEqualTo(e);
    assertThat(AuditEntry.decode(enc).encode()).isEqualTo(enc);
    assertThat(enc.at(0)).isEqualTo((byte) 1);
    assertThat(enc.slice(1, 9).hex()).isEqualTo("0000000000000007");
  }

  @Test
  void knownEncoding() {
    AuditEntry e =
        new AuditEntry(
            1,
            Instant.ofEpochSecond(2, 3),
            Bytes.of(new byte[] {4}),
            "a",
            "s",
            Bytes.empty(),
            AuditEntry.Outcome.REFUSED,
            "r",
            Map.of("k", "v"));
    assertThat(e.encode().hex())
        .isEqualTo(
            "01"
                + "0000000000000001"
                + "0000000000000002"
                + "00000003"
                + "0104"
                + "000161"
                + "000173"
                + "00"
                + "01"
                + "000172"
                + "0001"
                + "00016b"
                + "000176");
  }

  @Test
  void anEntryEncodesOnlyOnceItHasASequenceNumber() {
    AuditEntry unassigned =
        AuditEntry.of(
            Instant.EPOCH,
            Bytes.of(new byte[] {4}),
            "x",
            "y",
            Bytes.empty(),
            AuditEntry.Outcome.OK,
            "",
            Map.of());
    assertThat(unassigned.withSeq(3).seq()).isEqualTo(3);
    assertThatThrownBy(unassigned::encode).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsNonCanonicalBytes() {
    byte[] enc = sample(7).encode().toArray();
    byte[] trailing = java.util.Arrays.copyOf(enc, enc.length + 1);
    assertReason(() -> AuditEntry.decode(Bytes.of(trailing)), Reason.MALFORMED_ENTRY);
    byte[] truncated = java.util.Arrays.copyOf(enc, enc.length - 1);
    assertReason(() -> AuditEntry.decode(Bytes.of(truncated)), Reason.MALFORMED_ENTRY);
    byte[] v2 = enc.clone();
    v2[0] = 2;
    assertReason(() -> AuditEntry.decode(Bytes.of(v2)), Reason.UNSUPPORTED_VERSION);
    String unsorted =
        "01"
            + "0000000000000001"
            + "0000000000000002"
            + "00000003"
            + "0104"
            + "000161"
            + "000173"
            + "00"
            + "00"
            + "000172"
            + "0002"
            + "00016b"
            + "000176"
            + "000161"
            + "000176";
    assertReason(() -> AuditEntry.decode(Bytes.fromHex(unsorted)), Reason.MALFORMED_ENTRY);
    String badUtf8 =
        unsorted.replace("0002" + "00016b", "0001" + "0001ff").replace("000161000176", "");
    assertReason(() -> AuditEntry.decode(Bytes.fromHex(badUtf8)), Reason.MALFORMED_ENTRY);
    String badOutcome = unsorted.replace("00" + "00" + "000172", "00" + "02" + "000172");
    assertReason(() -> AuditEntry.decode(Bytes.fromHex(badOutcome)), Reason.MALFORMED_ENTRY);
  }

  @Test
  void enforcesLimits() {
    assertThatThrownBy(
            () ->
                new AuditEntry(
                    0,
                    Instant.EPOCH,
                    Bytes.of(new byte[] {4}),
                    "a".repeat(129),
                    "",
                    Bytes.empty(),
                    AuditEntry.Outcome.OK,
                    "",
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new AuditEntry(
                    0,
                    Instant.EPOCH,
                    Bytes.of(new byte[] {4}),
                    "\ud800",
                    "",
                    Bytes.empty(),
                    AuditEntry.Outcome.OK,
                    "",
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;

/** Arbitrary bytes into the entry decoder: AuditException or a canonical entry, nothing else. */
class EntryDecoderFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void decode(byte[] data) {
    try {
      AuditEntry e = AuditEntry.decode(Bytes.of(data));
      assertThat(e.encode()).isEqualTo(Bytes.of(data));
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }
}

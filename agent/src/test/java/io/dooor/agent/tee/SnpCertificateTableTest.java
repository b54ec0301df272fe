package io.dooor.agent.tee;

import static io.dooor.agent.tee.SevGuestDeviceTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.common.Bytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The GHCB certificate table's rules, one refusal per rule. */
class SnpCertificateTableTest {
  @Test
  void readsEveryEntryByGuidInRfc4122ByteOrder() throws Exception {
    byte[] t = table();
    assertThat(Arrays.copyOf(t, 4)).containsExactly(0x63, 0xda, 0x75, 0x8d);
    SnpCertificateTable parsed = SnpCertificateTable.parse(Bytes.of(t));
    assertThat(parsed.get(SnpCertificateTable.VCEK)).contains(Bytes.of(new byte[] {1, 2, 3}));
    assertThat(parsed.get(SnpCertificateTable.ARK)).contains(Bytes.of(new byte[] {4}));
    assertThat(parsed.get(SnpCertificateTable.VLEK)).isEmpty();
  }

  @Test
  void aPageOfZerosOrNothingIsATableWithoutCertificates() throws Exception {
    assertThat(SnpCertificateTable.parse(Bytes.of(new byte[4096])).certificates()).isEmpty();
    assertThat(SnpCertificateTable.parse(Bytes.empty()).certificates()).isEmpty();
  }

  @Test
  void theTrailingPaddingOfADriverBufferIsAllowed() throws Exception {
    byte[] padded = Arrays.copyOf(table(), SnpCertificateTable.MAX_LENGTH);
    assertThat(SnpCertificateTable.parse(Bytes.of(padded)).certificates()).hasSize(2);
  }

  @Test
  void everyBrokenRuleIsRefused() {
    byte[] noTerminator = Arrays.copyOf(table(), 2 * SnpCertificateTable.ENTRY);
    assertMalformed(noTerminator, "terminator");
    assertMalformed(withOffset(0, 10), "overlaps the table");
    assertMalformed(withOffset(0, 4000), "runs past");
    assertMalformed(withLength(0, 0), "is empty");
    byte[] twice = table();
    System.arraycopy(twice, 0, twice, SnpCertificateTable.ENTRY, 16);
    assertMalformed(twice, "appears twice");
    assertMalformed(new byte[SnpCertificateTable.MAX_LENGTH + 1], "more than");
  }

  private static byte[] table() {
    Map<UUID, byte[]> certs = new LinkedHashMap<>();
    certs.put(SnpCertificateTable.VCEK, new byte[] {1, 2, 3});
    certs.put(SnpCertificateTable.ARK, new byte[] {4});
    return Recorded.table(certs);
  }

  private static byte[] withOffset(int entry, int offset) {
    byte[] t = table();
    ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(entry * 24 + 16, offset);
    return t;
  }

  private static byte[] withLength(int entry, int length) {
    byte[] t = table();
    ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(entry * 24 + 20, length);
    return t;
  }

  private static void assertMalformed(byte[] table, String detail) {
    assertRefused(
        () -> SnpCertificateTable.parse(Bytes.of(table)), Reason.MALFORMED_RESPONSE, detail);
  }
}

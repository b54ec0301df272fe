package io.dooor.agent.tee;

import io.dooor.attestation.pki.PkiVectors;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Evidence recorded on real hardware (../shared/vectors/attestation): the SNP report and VCEK of
 * trustee-milan-vcek and the TDX v4 quote of dcap-qvl-tdx-v4-uptodate, with the instants at which
 * their chains and collateral are valid; and the SNP certificate table built around a VCEK.
 */
final class Recorded {
  static final Instant SNP_TIME = Instant.parse("2026-07-26T05:58:26Z");
  static final Instant TDX_TIME = Instant.parse("2025-07-04T10:16:31Z");

  /** REPORT_DATA of the SNP report (offset 0x50). */
  static final int SNP_REPORT_DATA = 0x50;

  /** REPORTDATA of a v4 TDX quote: 48-byte header + 520 bytes of TD report before it. */
  static final int TDX_REPORT_DATA = 48 + 520;

  private Recorded() {}

  static Path snpDir() {
    return PkiVectors.root().resolve("attestation/snp/trustee-milan-vcek");
  }

  static Path tdxDir() {
    return PkiVectors.root().resolve("attestation/tdx/dcap-qvl-tdx-v4-uptodate");
  }

  static byte[] snpReport() throws IOException {
    return Files.readAllBytes(snpDir().resolve("test-report.bin"));
  }

  static byte[] vcek() throws IOException {
    return Files.readAllBytes(snpDir().resolve("test-vcek.der"));
  }

  static byte[] tdxQuote() throws IOException {
    return Files.readAllBytes(tdxDir().resolve("tdx_quote"));
  }

  static Bytes reportDataAt(byte[] blob, int offset) {
    return Bytes.of(java.util.Arrays.copyOfRange(blob, offset, offset + 64));
  }

  /** {@code blob} with {@code reportData} written at {@code offset}. */
  static byte[] withReportData(byte[] blob, int offset, byte[] reportData) {
    byte[] b = blob.clone();
    System.arraycopy(reportData, 0, b, offset, Math.min(64, reportData.length));
    return b;
  }

  /** A GHCB certificate table: entries, the zero terminator, then the certificates. */
  static byte[] table(Map<UUID, byte[]> certs) {
    int tableEnd = (certs.size() + 1) * SnpCertificateTable.ENTRY;
    int size = tableEnd + certs.values().stream().mapToInt(c -> c.length).sum();
    ByteBuffer b = ByteBuffer.allocate(size);
    int offset = tableEnd;
    int at = 0;
    for (Map.Entry<UUID, byte[]> e : certs.entrySet()) {
      b.order(ByteOrder.BIG_ENDIAN);
      b.putLong(at, e.getKey().getMostSignificantBits());
      b.putLong(at + 8, e.getKey().getLeastSignificantBits());
      b.order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(at + 16, offset);
      b.putInt(at + 20, e.getValue().length);
      b.put(offset, e.getValue());
      offset += e.getValue().length;
      at += SnpCertificateTable.ENTRY;
    }
    return b.array();
  }

  static byte[] vcekTable() throws IOException {
    Map<UUID, byte[]> certs = new LinkedHashMap<>();
    certs.put(SnpCertificateTable.ASK, new byte[] {1, 2, 3});
    certs.put(SnpCertificateTable.VCEK, vcek());
    return table(certs);
  }
}

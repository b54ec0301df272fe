package io.dooor.attestation.snp;

import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.PkiException;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Decodes SNP evidence: an ATTESTATION_REPORT (AMD SEV-SNP ABI spec, Table "ATTESTATION_REPORT
 * Structure", 0x4A0 bytes) followed by nothing or by exactly one DER X.509 certificate (the VCEK or
 * VLEK). Trailing-byte rule: bytes after the report must form one complete DER certificate and
 * nothing more; anything else is MALFORMED. The signature's reserved tail (0x330-0x49F) must be
 * zero. Versions other than 2, 3 and 5 are UNSUPPORTED_FORMAT; SIGNATURE_ALGO must be 1 (ECDSA
 * P-384 with SHA-384).
 */
public final class SnpReportParser {
  /** Report length in bytes. */
  public static final int REPORT_LENGTH = 0x4A0;

  /** Length of the signed prefix. */
  public static final int SIGNED_LENGTH = 0x2A0;

  private static final int SIG_RESERVED_START = 0x2A0 + 144;

  private SnpReportParser() {}

  /** Parses report plus optional certificate. */
  public static SnpEvidence parseEvidence(Bytes evidence) throws EvidenceException {
    if (evidence.length() < REPORT_LENGTH) {
      throw new EvidenceException(
          Reason.MALFORMED, "report_parse: " + evidence.length() + " bytes, need " + REPORT_LENGTH);
    }
    SnpReport report = parse(evidence.slice(0, REPORT_LENGTH));
    if (evidence.length() == REPORT_LENGTH) {
      return new SnpEvidence(report, List.of());
    }
    try {
      return new SnpEvidence(
          report, List.of(Certificates.parseDer(evidence.slice(REPORT_LENGTH, evidence.length()))));
    } catch (PkiException e) {
      throw new EvidenceException(
          Reason.MALFORMED, "report_parse: bytes after the report are not one DER certificate");
    }
  }

  /** Parses exactly one report of {@link #REPORT_LENGTH} bytes. */
  public static SnpReport parse(Bytes bytes) throws EvidenceException {
    if (bytes.length() != REPORT_LENGTH) {
      throw new EvidenceException(Reason.MALFORMED, "report_parse: length " + bytes.length());
    }
    byte[] b = bytes.toArray();
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int version = le.getInt(0x00);
    if (version != 2 && version != 3 && version != 5) {
      throw new EvidenceException(
          Reason.UNSUPPORTED_FORMAT, "report_parse: report version " + version);
    }
    if (le.getInt(0x34) != 1) {
      throw new EvidenceException(
          Reason.UNSUPPORTED_FORMAT, "report_parse: SIGNATURE_ALGO " + le.getInt(0x34));
    }
    for (int i = SIG_RESERVED_START; i < REPORT_LENGTH; i++) {
      if (b[i] != 0) {
        throw new EvidenceException(
            Reason.MALFORMED, "report_parse: non-zero reserved signature byte at " + i);
      }
    }
    return decode(bytes, le, version);
  }

  private static SnpReport decode(Bytes b, ByteBuffer le, int version) {
    boolean v3 = version >= 3;
    boolean v5 = version >= 5;
    return new SnpReport(
        version,
        Integer.toUnsignedLong(le.getInt(0x04)),
        le.getLong(0x08),
        b.slice(0x10, 0x20),
        b.slice(0x20, 0x30),
        le.getInt(0x30),
        le.getInt(0x34),
        le.getLong(0x38),
        le.getLong(0x40),
        le.getInt(0x48),
        b.slice(0x50, 0x90),
        b.slice(0x90, 0xC0),
        b.slice(0xC0, 0xE0),
        b.slice(0xE0, 0x110),
        b.slice(0x110, 0x140),
        b.slice(0x140, 0x160),
        b.slice(0x160, 0x180),
        le.getLong(0x180),
        v3 ? Byte.toUnsignedInt(le.get(0x188)) : 0,
        v3 ? Byte.toUnsignedInt(le.get(0x189)) : 0,
        v3 ? Byte.toUnsignedInt(le.get(0x18A)) : 0,
        b.slice(0x1A0, 0x1E0),
        le.getLong(0x1E0),
        le.getInt(0x1E8) & 0xffffff,
        le.getInt(0x1EC) & 0xffffff,
        le.getLong(0x1F0),
        v5 ? le.getLong(0x1F8) : 0,
        v5 ? le.getLong(0x200) : 0,
        b.slice(0, SIGNED_LENGTH),
        b.slice(0x2A0, 0x2A0 + 72),
        b.slice(0x2E8, 0x2E8 + 72));
  }
}

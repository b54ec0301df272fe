package io.dooor.attestation.sim;

import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/** Decodes {@link SimReport}s from untrusted bytes; every malformation is an EvidenceException. */
public final class SimReportParser {
  private SimReportParser() {}

  public static SimReport parse(Bytes raw) throws EvidenceException {
    if (raw.length() != SimReport.LENGTH) {
      throw malformed("sim report must be " + SimReport.LENGTH + " bytes, got " + raw.length());
    }
    ByteBuffer buf = ByteBuffer.wrap(raw.toArray());
    byte[] magic = new byte[8];
    buf.get(magic);
    if (!java.security.MessageDigest.isEqual(magic, SimReport.MAGIC)) {
      throw malformed("sim report magic is not DOOORSIM");
    }
    int version = buf.get() & 0xff;
    if (version != SimReport.VERSION) {
      throw malformed("sim report version " + version + " unsupported (expected 1)");
    }
    int flags = buf.get() & 0xff;
    if ((flags & ~1) != 0 || buf.getShort() != 0) {
      throw malformed("sim report reserved bits are set");
    }
    long issued = buf.getLong();
    if (issued < 0 || issued > Instant.MAX.getEpochSecond()) {
      throw malformed("sim report issued_at out of range");
    }
    return new SimReport(
        (flags & 1) != 0,
        Instant.ofEpochSecond(issued),
        take(buf, 64),
        take(buf, 48),
        take(buf, 16),
        take(buf, 64));
  }

  private static Bytes take(ByteBuffer buf, int n) {
    int at = buf.position();
    buf.position(at + n);
    return Bytes.of(Arrays.copyOfRange(buf.array(), at, at + n));
  }

  private static EvidenceException malformed(String why) {
    return new EvidenceException(
        Reason.MALFORMED, why, java.util.List.of("sim_report_format: " + why));
  }
}

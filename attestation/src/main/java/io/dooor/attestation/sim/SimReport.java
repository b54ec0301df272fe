package io.dooor.attestation.sim;

import io.dooor.common.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A report of the {@code sim} TEE, the labelled development stand-in for real hardware. Fixed
 * layout, big-endian, 212 bytes:
 *
 * <pre>
 * offset size field
 *      0    8 magic "DOOORSIM"
 *      8    1 version (1)
 *      9    1 flags: bit 0 = debug
 *     10    2 reserved, zero
 *     12    8 issued_at, seconds since the epoch
 *     20   64 report_data
 *     84   48 measurement (the simulated workload's launch digest)
 *    132   16 platform_id (the simulated machine)
 *    148   64 Ed25519 signature by the simulation root over bytes [0, 148)
 * </pre>
 *
 * Bytes after offset 212 are refused: a report is exactly its layout.
 */
public record SimReport(
    boolean debug,
    Instant issuedAt,
    Bytes reportData,
    Bytes measurement,
    Bytes platformId,
    Bytes signature) {
  static final byte[] MAGIC = "DOOORSIM".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int BODY_LENGTH = 148;
  public static final int LENGTH = BODY_LENGTH + 64;

  public SimReport {
    requireLength("report_data", reportData, 64);
    requireLength("measurement", measurement, 48);
    requireLength("platform_id", platformId, 16);
    requireLength("signature", signature, 64);
  }

  private static void requireLength(String field, Bytes b, int len) {
    if (b.length() != len) {
      throw new IllegalArgumentException(field + " must be " + len + " bytes, got " + b.length());
    }
  }

  /** The signed part, bytes [0, 148). */
  byte[] body() {
    ByteBuffer buf = ByteBuffer.allocate(BODY_LENGTH);
    buf.put(MAGIC).put((byte) VERSION).put((byte) (debug ? 1 : 0)).putShort((short) 0);
    buf.putLong(issuedAt.getEpochSecond());
    buf.put(reportData.toArray()).put(measurement.toArray()).put(platformId.toArray());
    return buf.array();
  }

  /** The full encoding. */
  public Bytes encode() {
    return Bytes.of(ByteBuffer.allocate(LENGTH).put(body()).put(signature.toArray()).array());
  }
}

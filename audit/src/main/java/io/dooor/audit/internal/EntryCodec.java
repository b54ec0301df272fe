package io.dooor.audit.internal;

import io.dooor.audit.AuditEntry;
import io.dooor.audit.AuditException;
import io.dooor.audit.AuditException.Reason;
import io.dooor.common.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical entry encoding, schema version 1 (all integers big-endian, strings UTF-8):
 *
 * <pre>
 * u8 version = 1 | u64 seq | i64 epoch seconds | u32 nanos (< 10^9)
 * u8 len, actor principal bytes (<= 29)
 * u16 len, action | u16 len, subject
 * u8 len, request digest (<= 64) | u8 outcome (0 OK, 1 REFUSED) | u16 len, reason
 * u16 count, then per detail: u16 len, key | u16 len, value
 *   (keys strictly ascending by unsigned UTF-8 bytes)
 * </pre>
 *
 * The decoder accepts exactly the outputs of the encoder: no trailing bytes, no invalid UTF-8, no
 * out-of-order or duplicate keys, every limit of {@link AuditEntry} enforced.
 */
public final class EntryCodec {
  /** Current schema version. */
  public static final int VERSION = 1;

  private EntryCodec() {}

  public static byte[] encode(AuditEntry e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(VERSION);
    writeLong(out, e.seq());
    writeLong(out, e.time().getEpochSecond());
    writeInt(out, e.time().getNano());
    byte[] actor = e.actor().toArray();
    out.write(actor.length);
    out.writeBytes(actor);
    writeString(out, e.action());
    writeString(out, e.subject());
    out.write(e.requestDigest().length());
    out.writeBytes(e.requestDigest().toArray());
    out.write(e.outcome() == AuditEntry.Outcome.OK ? 0 : 1);
    writeString(out, e.reason());
    List<byte[][]> details = sortedDetails(e.details());
    writeShort(out, details.size());
    for (byte[][] kv : details) {
      writeShort(out, kv[0].length);
      out.writeBytes(kv[0]);
      writeShort(out, kv[1].length);
      out.writeBytes(kv[1]);
    }
    return out.toByteArray();
  }

  public static AuditEntry decode(byte[] data) throws AuditException {
    ByteBuffer in = ByteBuffer.wrap(data);
    try {
      int version = in.get() & 0xff;
      if (version != VERSION) {
        throw new AuditException(
            Reason.UNSUPPORTED_VERSION, "entry schema version " + version + ", expected 1");
      }
      AuditEntry e = decodeV1(in);
      if (in.hasRemaining()) {
        throw malformed(in.remaining() + " trailing bytes after the entry");
      }
      return e;
    } catch (BufferUnderflowException ex) {
      throw malformed("entry truncated at byte " + data.length);
    } catch (IllegalArgumentException | DateTimeException ex) {
      throw new AuditException(Reason.MALFORMED_ENTRY, "entry invalid: " + ex.getMessage(), ex);
    }
  }

  private static AuditEntry decodeV1(ByteBuffer in) throws AuditException {
    long seq = in.getLong();
    if (seq < 0) {
      throw malformed("sequence number " + Long.toUnsignedString(seq) + " too large");
    }
    long seconds = in.getLong();
    int nanos = in.getInt();
    if (nanos < 0 || nanos >= 1_000_000_000) {
      throw malformed("nanoseconds " + Integer.toUnsignedString(nanos) + " out of range");
    }
    Instant time = Instant.ofEpochSecond(seconds, nanos);
    Bytes actor = Bytes.of(readBytes(in, in.get() & 0xff, AuditEntry.MAX_ACTOR, "actor"));
    String action = readString(in, AuditEntry.MAX_ACTION, "action");
    String subject = readString(in, AuditEntry.MAX_SUBJECT, "subject");
    Bytes digest = Bytes.of(readBytes(in, in.get() & 0xff, AuditEntry.MAX_DIGEST, "digest"));
    AuditEntry.Outcome outcome = readOutcome(in.get());
    String reason = readString(in, AuditEntry.MAX_REASON, "reason");
    Map<String, String> details = readDetails(in);
    return new AuditEntry(seq, time, actor, action, subject, digest, outcome, reason, details);
  }

  private static AuditEntry.Outcome readOutcome(byte b) throws AuditException {
    switch (b) {
      case 0:
        return AuditEntry.Outcome.OK;
      case 1:
        return AuditEntry.Outcome.REFUSED;
      default:
        throw malformed("outcome byte " + (b & 0xff) + " is neither 0 (OK) nor 1 (REFUSED)");
    }
  }

  private static Map<String, String> readDetails(ByteBuffer in) throws AuditException {
    int count = in.getShort() & 0xffff;
    if (count > AuditEntry.MAX_DETAILS) {
      throw malformed(count + " details, at most " + AuditEntry.MAX_DETAILS);
    }
    Map<String, String> details = new HashMap<>();
    byte[] previous = null;
    for (int i = 0; i < count; i++) {
      byte[] key = readBytes(in, in.getShort() & 0xffff, AuditEntry.MAX_DETAIL_KEY, "detail key");
      if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
        throw malformed("detail key " + i + " is not strictly after the previous one");
      }
      previous = key;
      String value = readString(in, AuditEntry.MAX_DETAIL_VALUE, "detail value");
      details.put(utf8(key, "detail key"), value);
    }
    return details;
  }

  private static String readString(ByteBuffer in, int max, String what) throws AuditException {
    return utf8(readBytes(in, in.getShort() & 0xffff, max, what), what);
  }

  private static byte[] readBytes(ByteBuffer in, int len, int max, String what)
      throws AuditException {
    if (len > max) {
      throw malformed(what + " is " + len + " bytes, at most " + max);
    }
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }

  private static String utf8(byte[] b, String what) throws AuditException {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new AuditException(Reason.MALFORMED_ENTRY, what + " is not valid UTF-8", e);
    }
  }

  private static List<byte[][]> sortedDetails(Map<String, String> details) {
    List<byte[][]> out = new ArrayList<>();
    details.forEach(
        (k, v) ->
            out.add(
                new byte[][] {
                  k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)
                }));
    out.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    return out;
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeShort(out, b.length);
    out.writeBytes(b);
  }

  private static void writeShort(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    writeShort(out, v >>> 16);
    writeShort(out, v & 0xffff);
  }

  private static void writeLong(ByteArrayOutputStream out, long v) {
    writeInt(out, (int) (v >>> 32));
    writeInt(out, (int) v);
  }

  private static AuditException malformed(String message) {
    return new AuditException(Reason.MALFORMED_ENTRY, message);
  }
}

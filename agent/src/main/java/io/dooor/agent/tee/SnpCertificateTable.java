package io.dooor.agent.tee;

import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.common.Bytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The SNP certificate table that the host returns beside an extended report (GHCB specification
 * v2.03 §4.1.8.1 MSG_REPORT_REQ; configfs-tsm's {@code auxblob} when the provider is {@code
 * sev_guest}): entries of a 16-byte GUID (RFC 4122 byte order), a little-endian u32 offset from the
 * table's start and a u32 length, ended by an all-zero entry. Parsed strictly: the terminator must
 * be present, every certificate must lie after the table and inside the buffer, GUIDs must not
 * repeat and no certificate may be empty. An empty buffer, or one of zeros only, is a table without
 * certificates.
 */
public final class SnpCertificateTable {
  /** The VCEK's GUID. */
  public static final UUID VCEK = UUID.fromString("63da758d-e664-4564-adc5-f4b93be8accd");

  /** The VLEK's GUID. */
  public static final UUID VLEK = UUID.fromString("a8074bc2-a25a-483e-aae6-39c045a0b8a1");

  /** The ASK's GUID. */
  public static final UUID ASK = UUID.fromString("4ab7b379-bbac-4fe4-a02f-05aef327c782");

  /** The ARK's GUID. */
  public static final UUID ARK = UUID.fromString("c0b406a4-a803-4952-9743-3fb6014cd0ae");

  /** The largest certificate blob the guest driver handles (SEV_FW_BLOB_MAX_SIZE, 16 KiB). */
  public static final int MAX_LENGTH = 0x4000;

  static final int ENTRY = 24;

  private final Map<UUID, Bytes> certificates;

  private SnpCertificateTable(Map<UUID, Bytes> certificates) {
    this.certificates = Collections.unmodifiableMap(certificates);
  }

  /** Parses {@code table}; anything outside the rules above is MALFORMED_RESPONSE. */
  public static SnpCertificateTable parse(Bytes table) throws TeeDeviceException {
    if (table.length() > MAX_LENGTH) {
      throw malformed(table.length() + " bytes, more than " + MAX_LENGTH);
    }
    byte[] b = table.toArray();
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int entries = countEntries(b);
    int tableEnd = (entries + 1) * ENTRY;
    Map<UUID, Bytes> certs = new LinkedHashMap<>();
    for (int i = 0; i < entries; i++) {
      int at = i * ENTRY;
      UUID guid = guid(ByteBuffer.wrap(b, at, 16));
      long offset = Integer.toUnsignedLong(le.getInt(at + 16));
      long length = Integer.toUnsignedLong(le.getInt(at + 20));
      checkEntry(guid, offset, length, tableEnd, b.length);
      if (certs.put(guid, table.slice((int) offset, (int) (offset + length))) != null) {
        throw malformed("GUID " + guid + " appears twice");
      }
    }
    return new SnpCertificateTable(certs);
  }

  /** The certificate stored under {@code guid}, if any. */
  public Optional<Bytes> get(UUID guid) {
    return Optional.ofNullable(certificates.get(guid));
  }

  /** Every certificate by GUID, in table order. */
  public Map<UUID, Bytes> certificates() {
    return certificates;
  }

  /** Entries before the all-zero terminator; 0 for an empty or all-zero buffer. */
  private static int countEntries(byte[] b) throws TeeDeviceException {
    if (allZero(b, 0, b.length)) {
      return 0;
    }
    for (int at = 0; at + ENTRY <= b.length; at += ENTRY) {
      if (allZero(b, at, at + ENTRY)) {
        return at / ENTRY;
      }
    }
    throw malformed("no all-zero terminator entry in " + b.length + " bytes");
  }

  private static void checkEntry(UUID guid, long offset, long length, int tableEnd, int size)
      throws TeeDeviceException {
    if (length == 0) {
      throw malformed("certificate " + guid + " is empty");
    }
    if (offset < tableEnd) {
      throw malformed("certificate " + guid + " at offset " + offset + " overlaps the table");
    }
    if (offset + length > size) {
      throw malformed(
          "certificate " + guid + " (" + offset + "+" + length + ") runs past " + size + " bytes");
    }
  }

  private static UUID guid(ByteBuffer be) {
    return new UUID(be.getLong(), be.getLong());
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static TeeDeviceException malformed(String detail) {
    return new TeeDeviceException(Reason.MALFORMED_RESPONSE, "SNP certificate table: " + detail);
  }
}

package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.common.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A C2SP tlog-tiles entry bundle: up to 256 entries, each a big-endian uint16 length followed by
 * that many bytes.
 */
public final class EntryBundle {
  private EntryBundle() {}

  public static Bytes encode(List<Bytes> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Bytes e : entries) {
      if (e.length() > 0xffff) {
        throw new IllegalArgumentException("entry longer than 65535 bytes");
      }
      out.write(e.length() >>> 8);
      out.write(e.length());
      out.writeBytes(e.toArray());
    }
    return Bytes.of(out.toByteArray());
  }

  /**
   * Parses a bundle.
   *
   * @throws AuditException MALFORMED_TILE if an entry is truncated or there are over 256
   */
  public static List<Bytes> parse(Bytes bundle) throws AuditException {
    byte[] b = bundle.toArray();
    List<Bytes> out = new ArrayList<>();
    int i = 0;
    while (i < b.length) {
      if (out.size() == 256) {
        throw new AuditException(Reason.MALFORMED_TILE, "entry bundle has over 256 entries");
      }
      if (b.length - i < 2) {
        throw new AuditException(Reason.MALFORMED_TILE, "entry bundle length truncated at " + i);
      }
      int len = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
      i += 2;
      if (b.length - i < len) {
        throw new AuditException(Reason.MALFORMED_TILE, "entry " + out.size() + " truncated");
      }
      out.add(Bytes.of(java.util.Arrays.copyOfRange(b, i, i + len)));
      i += len;
    }
    return out;
  }

  /**
   * Splits a hash tile (C2SP tlog-tiles) of {@code width} into its hashes.
   *
   * @throws AuditException MALFORMED_TILE if its length is not 32 x width
   */
  public static List<Bytes> parseTile(Bytes tile, int width) throws AuditException {
    if (width < 1 || width > 256 || tile.length() != 32 * width) {
      throw new AuditException(
          Reason.MALFORMED_TILE, "tile is " + tile.length() + " bytes, expected 32 x " + width);
    }
    List<Bytes> out = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      out.add(tile.slice(32 * i, 32 * i + 32));
    }
    return out;
  }
}

package io.dooor.store.internal;

import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Column encodings shared by the tables: instants as ISO-8601 text (exact), bytes as blobs. */
final class Columns {
  private Columns() {}

  static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, IsoInstants.format(value));
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : IsoInstants.parse(text);
  }

  static Bytes bytes(ResultSet rs, String column) throws SQLException {
    byte[] raw = rs.getBytes(column);
    return raw == null ? Bytes.empty() : Bytes.of(raw);
  }

  static Principal principal(ResultSet rs, String column) throws SQLException {
    byte[] raw = rs.getBytes(column);
    return Principal.of(raw == null ? new byte[0] : raw);
  }
}

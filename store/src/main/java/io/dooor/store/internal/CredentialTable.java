package io.dooor.store.internal;

import io.dooor.core.provision.CredentialRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The provider_credentials table of migration V14: ciphertext only, one row per version. */
final class CredentialTable {
  private static final String COLUMNS =
      "provider, name, version, kind, ciphertext, created_by, created_at, retired_at";
  private static final String ORDER = " ORDER BY provider, name, version";

  private CredentialTable() {}

  static List<CredentialRow> all(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM provider_credentials" + ORDER)) {
      return rows(ps);
    }
  }

  static List<CredentialRow> of(Connection c, String provider, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM provider_credentials WHERE provider = ? AND name = ?"
                + ORDER)) {
      ps.setString(1, provider);
      ps.setString(2, name);
      return rows(ps);
    }
  }

  static void put(Connection c, CredentialRow r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO provider_credentials ("
                + COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (provider, name, version) DO UPDATE"
                + " SET retired_at = COALESCE(excluded.retired_at,"
                + " provider_credentials.retired_at)")) {
      ps.setString(1, r.provider());
      ps.setString(2, r.name());
      ps.setLong(3, r.version());
      ps.setString(4, r.kind());
      ps.setBytes(5, r.ciphertext().toArray());
      ps.setBytes(6, r.createdBy().toBytes());
      Columns.setInstant(ps, 7, r.createdAt());
      Columns.setInstant(ps, 8, r.retiredAt());
      ps.executeUpdate();
    }
  }

  static void delete(Connection c, String provider, String name, long version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM provider_credentials WHERE provider = ? AND name = ? AND version = ?")) {
      ps.setString(1, provider);
      ps.setString(2, name);
      ps.setLong(3, version);
      ps.executeUpdate();
    }
  }

  private static List<CredentialRow> rows(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<CredentialRow> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new CredentialRow(
                rs.getString("provider"),
                rs.getString("name"),
                rs.getLong("version"),
                rs.getString("kind"),
                Columns.bytes(rs, "ciphertext"),
                Columns.principal(rs, "created_by"),
                Columns.instant(rs, "created_at"),
                Columns.instant(rs, "retired_at")));
      }
      return out;
    }
  }
}

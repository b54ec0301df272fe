package io.dooor.store.internal;

import io.dooor.core.AutoDeactivation;
import io.dooor.core.Policy;
import io.dooor.core.TeeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The {@code policies} table: every version is kept; the highest one is in force. */
final class PolicyTable {
  private static final String COLUMNS =
      "workload, version, allowed_types, reference_values, minimums, accepted_tcb_statuses,"
          + " allow_debug, attestation_ttl, challenge_ttl, updated_by, updated_at,"
          + " unreachable_grace, max_failed_attestations, deactivate_on_tcb_revoked";
  private static final String UPSERT =
      "INSERT INTO policies ("
          + COLUMNS
          + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (workload, version) DO UPDATE SET"
          + " allowed_types = excluded.allowed_types,"
          + " reference_values = excluded.reference_values, minimums = excluded.minimums,"
          + " accepted_tcb_statuses = excluded.accepted_tcb_statuses,"
          + " allow_debug = excluded.allow_debug, attestation_ttl = excluded.attestation_ttl,"
          + " challenge_ttl = excluded.challenge_ttl, updated_by = excluded.updated_by,"
          + " updated_at = excluded.updated_at, unreachable_grace = excluded.unreachable_grace,"
          + " max_failed_attestations = excluded.max_failed_attestations,"
          + " deactivate_on_tcb_revoked = excluded.deactivate_on_tcb_revoked";
  private static final String LATEST =
      "SELECT "
          + COLUMNS
          + " FROM policies p WHERE version ="
          + " (SELECT max(version) FROM policies q WHERE q.workload = p.workload)";

  private PolicyTable() {}

  static Optional<Policy> latest(Connection c, String workload) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM policies WHERE workload = ? ORDER BY version DESC LIMIT 1")) {
      ps.setString(1, workload);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  static List<Policy> allLatest(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LATEST + " ORDER BY workload");
        ResultSet rs = ps.executeQuery()) {
      List<Policy> out = new ArrayList<>();
      while (rs.next()) {
        out.add(read(rs));
      }
      return out;
    }
  }

  static void put(Connection c, Policy p) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, p.workload());
      ps.setLong(2, p.version());
      TreeSet<String> types = new TreeSet<>();
      p.allowedTypes().forEach(t -> types.add(t.name()));
      ps.setString(3, CanonicalJson.ofSet(types));
      ps.setString(4, CanonicalJson.ofStringSets(p.referenceValues()));
      ps.setString(5, CanonicalJson.ofLongs(p.minimums()));
      ps.setString(6, CanonicalJson.ofSet(p.acceptedTcbStatuses()));
      ps.setBoolean(7, p.allowDebug());
      ps.setString(8, p.attestationTtl().toString());
      ps.setString(9, p.challengeTtl().toString());
      ps.setBytes(10, p.updatedBy().toBytes());
      Columns.setInstant(ps, 11, p.updatedAt());
      ps.setString(12, p.autoDeactivation().unreachableGrace().toString());
      ps.setInt(13, p.autoDeactivation().maxFailedAttestations());
      ps.setBoolean(14, p.autoDeactivation().onTcbRevoked());
      ps.executeUpdate();
    }
  }

  private static Policy read(ResultSet rs) throws SQLException {
    return new Policy(
        rs.getString("workload"),
        rs.getLong("version"),
        types(rs.getString("allowed_types")),
        CanonicalJson.stringSets(rs.getString("reference_values")),
        CanonicalJson.longs(rs.getString("minimums")),
        Set.copyOf(CanonicalJson.list(rs.getString("accepted_tcb_statuses"))),
        rs.getBoolean("allow_debug"),
        Duration.parse(rs.getString("attestation_ttl")),
        Duration.parse(rs.getString("challenge_ttl")),
        new AutoDeactivation(
            Duration.parse(rs.getString("unreachable_grace")),
            rs.getInt("max_failed_attestations"),
            rs.getBoolean("deactivate_on_tcb_revoked")),
        Columns.principal(rs, "updated_by"),
        Columns.instant(rs, "updated_at"));
  }

  private static Set<TeeType> types(String json) {
    Set<TeeType> out = EnumSet.noneOf(TeeType.class);
    CanonicalJson.list(json).forEach(name -> out.add(TeeType.valueOf(name)));
    return out;
  }
}

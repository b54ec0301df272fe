package io.dooor.store.internal;

import io.dooor.common.Bytes;
import io.dooor.core.provision.JoinToken;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.MachineState;
import io.dooor.core.provision.WorkloadRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The provisioning tables of migration V11: workload_specs, machines, join_tokens. */
final class ProvisionTables {
  private static final String SPEC_COLUMNS = "name, version, spec, deleted, updated_by, updated_at";
  private static final String MACHINE_COLUMNS =
      "id, workload, provider, region, client_token, provider_ref, state, joined_by, created_at,"
          + " updated_at";

  private ProvisionTables() {}

  static Optional<WorkloadRow> workload(Connection c, String name) throws SQLException {
    return first(
        c,
        "SELECT "
            + SPEC_COLUMNS
            + " FROM workload_specs WHERE name = ? ORDER BY version DESC LIMIT 1",
        name,
        ProvisionTables::spec);
  }

  static List<WorkloadRow> workloads(Connection c) throws SQLException {
    String sql =
        "SELECT "
            + SPEC_COLUMNS
            + " FROM workload_specs s WHERE version ="
            + " (SELECT max(version) FROM workload_specs t WHERE t.name = s.name) ORDER BY name";
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      List<WorkloadRow> out = new ArrayList<>();
      while (rs.next()) {
        out.add(spec(rs));
      }
      return out;
    }
  }

  static void putWorkload(Connection c, WorkloadRow w) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO workload_specs (" + SPEC_COLUMNS + ") VALUES (?,?,?,?,?,?)")) {
      ps.setString(1, w.name());
      ps.setLong(2, w.version());
      ps.setString(3, w.spec());
      ps.setBoolean(4, w.deleted());
      ps.setBytes(5, w.updatedBy().toBytes());
      Columns.setInstant(ps, 6, w.updatedAt());
      ps.executeUpdate();
    }
  }

  /** Every machine, by workload, then oldest first (the index machines_by_workload's order). */
  static List<Machine> machines(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + MACHINE_COLUMNS + " FROM machines ORDER BY workload, created_at, id");
        ResultSet rs = ps.executeQuery()) {
      List<Machine> out = new ArrayList<>();
      while (rs.next()) {
        out.add(machine(rs));
      }
      return out;
    }
  }

  static List<Machine> machines(Connection c, String workload) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + MACHINE_COLUMNS
                + " FROM machines WHERE workload = ? ORDER BY created_at, id")) {
      ps.setString(1, workload);
      try (ResultSet rs = ps.executeQuery()) {
        List<Machine> out = new ArrayList<>();
        while (rs.next()) {
          out.add(machine(rs));
        }
        return out;
      }
    }
  }

  static void putMachine(Connection c, Machine m) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO machines ("
                + MACHINE_COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
                + " provider_ref = excluded.provider_ref, state = excluded.state,"
                + " joined_by = excluded.joined_by, updated_at = excluded.updated_at")) {
      ps.setString(1, m.id());
      ps.setString(2, m.workload());
      ps.setString(3, m.provider());
      ps.setString(4, m.region());
      ps.setString(5, m.clientToken());
      ps.setString(6, m.providerRef());
      ps.setString(7, m.state().name());
      ps.setString(8, m.joinedBy());
      Columns.setInstant(ps, 9, m.createdAt());
      Columns.setInstant(ps, 10, m.updatedAt());
      ps.executeUpdate();
    }
  }

  static Optional<JoinToken> joinToken(Connection c, Bytes digest) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT digest, machine_id, workload, expires_at, used_at FROM join_tokens"
                + " WHERE digest = ?")) {
      ps.setBytes(1, digest.toArray());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new JoinToken(
                Columns.bytes(rs, "digest"),
                rs.getString("machine_id"),
                rs.getString("workload"),
                Columns.instant(rs, "expires_at"),
                Columns.instant(rs, "used_at")));
      }
    }
  }

  static void putJoinToken(Connection c, JoinToken t) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO join_tokens (digest, machine_id, workload, expires_at, used_at)"
                + " VALUES (?,?,?,?,?) ON CONFLICT (digest) DO UPDATE SET"
                + " used_at = excluded.used_at")) {
      ps.setBytes(1, t.digest().toArray());
      ps.setString(2, t.machineId());
      ps.setString(3, t.workload());
      Columns.setInstant(ps, 4, t.expiresAt());
      Columns.setInstant(ps, 5, t.usedAt());
      ps.executeUpdate();
    }
  }

  private static WorkloadRow spec(ResultSet rs) throws SQLException {
    return new WorkloadRow(
        rs.getString("name"),
        rs.getLong("version"),
        rs.getString("spec"),
        rs.getBoolean("deleted"),
        Columns.principal(rs, "updated_by"),
        Columns.instant(rs, "updated_at"));
  }

  private static Machine machine(ResultSet rs) throws SQLException {
    return new Machine(
        rs.getString("id"),
        rs.getString("workload"),
        rs.getString("provider"),
        rs.getString("region"),
        rs.getString("client_token"),
        rs.getString("provider_ref"),
        MachineState.valueOf(rs.getString("state")),
        rs.getString("joined_by"),
        Columns.instant(rs, "created_at"),
        Columns.instant(rs, "updated_at"));
  }

  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> Optional<T> first(Connection c, String sql, String key, Row<T> row)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
      }
    }
  }
}

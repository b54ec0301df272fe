package io.dooor.store.internal;

import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.BlobShard;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code blobs}, {@code blob_shards} and {@code blob_manifests} tables (V7): one row per blob,
 * one per shard, one per manifest version. Targets and recovery principals are comma-separated text
 * (node ids and principal texts contain no comma).
 */
final class BlobTables {
  private static final String COLUMNS =
      "id, state, manifest, manifest_sha256, epoch, k, size, targets, recovery, creator,"
          + " created_at";
  private static final String UPSERT =
      "INSERT INTO blobs ("
          + COLUMNS
          + ") VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
          + " state = excluded.state, manifest = excluded.manifest,"
          + " manifest_sha256 = excluded.manifest_sha256, epoch = excluded.epoch";
  private static final String SHARD_UPSERT =
      "INSERT INTO blob_shards (blob_id, idx, sha256, node_id, state) VALUES (?,?,?,?,?)"
          + " ON CONFLICT (blob_id, idx) DO UPDATE SET node_id = excluded.node_id,"
          + " state = excluded.state";

  private BlobTables() {}

  static Optional<Blob> get(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM blobs WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(c, rs)) : Optional.empty();
      }
    }
  }

  static List<Blob> all(Connection c) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM blobs ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    List<Blob> out = new ArrayList<>();
    for (String id : ids) {
      get(c, id).ifPresent(out::add);
    }
    return out;
  }

  static void put(Connection c, Blob b) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, b.id());
      ps.setString(2, b.state().name());
      ps.setBytes(3, b.manifest().toArray());
      ps.setBytes(4, b.manifestDigest().toArray());
      ps.setLong(5, b.epoch());
      ps.setInt(6, b.k());
      ps.setLong(7, b.size());
      ps.setString(8, String.join(",", b.targets().stream().map(NodeId::value).toList()));
      ps.setString(9, String.join(",", b.recovery().stream().map(Principal::toText).toList()));
      ps.setBytes(10, b.creator().toBytes());
      Columns.setInstant(ps, 11, b.createdAt());
      ps.executeUpdate();
    }
    for (BlobShard s : b.shards()) {
      putShard(c, b.id(), s);
    }
    addManifest(c, b.id(), b.manifest());
  }

  static List<Bytes> history(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT manifest FROM blob_manifests WHERE blob_id = ? ORDER BY version")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        List<Bytes> out = new ArrayList<>();
        while (rs.next()) {
          out.add(Bytes.of(rs.getBytes(1)));
        }
        return out;
      }
    }
  }

  private static void putShard(Connection c, String id, BlobShard s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SHARD_UPSERT)) {
      ps.setString(1, id);
      ps.setInt(2, s.index());
      ps.setBytes(3, s.sha256().toArray());
      ps.setString(4, s.node().value());
      ps.setString(5, s.state().name());
      ps.executeUpdate();
    }
  }

  /** Appends the manifest as the next version unless it is the latest already. */
  private static void addManifest(Connection c, String id, Bytes manifest) throws SQLException {
    List<Bytes> versions = history(c, id);
    if (!versions.isEmpty() && versions.get(versions.size() - 1).equals(manifest)) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO blob_manifests (blob_id, version, manifest) VALUES (?,?,?)")) {
      ps.setString(1, id);
      ps.setInt(2, versions.size());
      ps.setBytes(3, manifest.toArray());
      ps.executeUpdate();
    }
  }

  private static Blob read(Connection c, ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    return new Blob(
        id,
        Blob.State.valueOf(rs.getString("state")),
        Columns.bytes(rs, "manifest"),
        Columns.bytes(rs, "manifest_sha256"),
        rs.getLong("epoch"),
        rs.getInt("k"),
        rs.getLong("size"),
        shards(c, id),
        split(rs.getString("targets")).stream().map(NodeId::of).toList(),
        split(rs.getString("recovery")).stream().map(Principal::parse).toList(),
        Columns.principal(rs, "creator"),
        Columns.instant(rs, "created_at"));
  }

  private static List<BlobShard> shards(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT idx, sha256, node_id, state FROM blob_shards WHERE blob_id = ? ORDER BY idx")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        List<BlobShard> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new BlobShard(
                  rs.getInt("idx"),
                  Columns.bytes(rs, "sha256"),
                  NodeId.of(rs.getString("node_id")),
                  BlobShard.State.valueOf(rs.getString("state"))));
        }
        return out;
      }
    }
  }

  private static List<String> split(String text) {
    return text.isEmpty() ? List.of() : Arrays.asList(text.split(",", -1));
  }
}

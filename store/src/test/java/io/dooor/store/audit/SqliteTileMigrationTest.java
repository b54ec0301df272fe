package io.dooor.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.dooor.audit.AuditLog;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.Integrator;
import io.dooor.audit.StoredTile;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.common.Bytes;
import io.dooor.store.internal.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V3 turns SQLite's audit_tile into a rowid table: a log written under V2 keeps every tile byte for
 * byte, stays verifiable, and keeps growing (the tile upsert still conflicts on (level, idx)).
 */
class SqliteTileMigrationTest {
  @TempDir Path dir;

  @Test
  void tilesWrittenUnderV2SurviveV3AndTheLogKeepsGrowing() throws Exception {
    try (HikariDataSource ds = SqliteAuditLogTest.sqlite(dir.resolve("audit.db"))) {
      flyway(ds).target("2").load().migrate();
      assertThat(tableSql(ds)).contains("WITHOUT ROWID");
      JdbcAuditLog store = new JdbcAuditLog(ds);
      append(ds, 0, 700);
      CheckpointSigner signer = CheckpointSigner.generate("dooor.test/audit");
      Integrator integrator = new Integrator(store, signer);
      integrator.publishNow();
      List<StoredTile> before = tiles(store);

      flyway(ds).load().migrate();
      assertThat(tableSql(ds)).doesNotContain("WITHOUT ROWID");
      assertThat(tiles(store)).isEqualTo(before);

      append(ds, 700, 300);
      AuditVerifier v = AuditVerifier.of(signer.verifierKey());
      VerifiedCheckpoint cp = v.verifyCheckpoint(integrator.publishNow());
      assertThat(cp.size()).isEqualTo(1000);
      AuditLog log = new AuditLog(store);
      for (long i : new long[] {0, 255, 256, 511, 699, 700, 767, 768, 999}) {
        Bytes e = log.rawEntries(i, i + 1).get(0);
        assertThat(v.verifyInclusion(cp, e, log.inclusionProof(i, 1000)).entry().seq())
            .isEqualTo(i);
      }
      assertThat(v.replay(store.entries(0, 1000), List.of(cp)).entries()).isEqualTo(1000);
    }
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(
      HikariDataSource ds) {
    return Flyway.configure().dataSource(ds).locations(Dialect.SQLITE.migrations());
  }

  private static void append(HikariDataSource ds, int from, int n) throws Exception {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      for (int i = from; i < from + n; i++) {
        JdbcAuditLog.append(c, AuditLogContract.entry(i));
      }
      c.commit();
      c.setAutoCommit(true);
    }
  }

  private static List<StoredTile> tiles(JdbcAuditLog store) throws Exception {
    List<StoredTile> out = new ArrayList<>();
    for (int level = 0; level < 2; level++) {
      for (long idx = 0; ; idx++) {
        var t = store.tile(level, idx);
        if (t.isEmpty()) {
          break;
        }
        out.add(t.get());
      }
    }
    assertThat(out).hasSize(4);
    return out;
  }

  private static String tableSql(HikariDataSource ds) throws Exception {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'audit_tile'")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}

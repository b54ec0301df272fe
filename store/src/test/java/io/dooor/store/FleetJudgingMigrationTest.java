package io.dooor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.AutoDeactivation;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.Policy;
import io.dooor.store.internal.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder written before issue 12 (schema V5) opens under the current schema: its policies
 * get the safe automatic decisions (never by time or count, always for Revoked), its nodes no
 * failed attestations and no kept evidence (so judging them again needs a fresh attestation).
 */
class FleetJudgingMigrationTest {
  @TempDir Path dir;

  @Test
  void policiesAndNodesOfV5GetTheSafeDefaults() throws Exception {
    Path file = dir.resolve("cp.db");
    String url = "jdbc:sqlite:" + file;
    Flyway.configure()
        .dataSource(url, "", "")
        .locations(Dialect.SQLITE.migrations())
        .target("5")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO policies VALUES ('w', 1, '[\"SIM\"]', '{}', '{}', '[\"NotApplicable\"]',"
              + " 0, 'PT10M', 'PT1M', x'00', '2026-01-01T00:00:00Z')");
      s.executeUpdate(
          "INSERT INTO nodes VALUES ('n1', 'ACTIVE', 'SIM', 'w', x'3000', x'00', '{}', '', '',"
              + " '2026-01-01T00:00:00Z', NULL, NULL, NULL, 1, '')");
    }
    try (JdbcStore store = JdbcStore.sqlite(file)) {
      Policy p = store.policy("w").orElseThrow();
      assertThat(p.autoDeactivation()).isEqualTo(AutoDeactivation.defaults());
      Node n = store.node(NodeId.of("n1")).orElseThrow();
      assertThat(n.failedAttestations()).isZero();
      assertThat(store.evidence(n.id())).isEmpty();
    }
  }
}

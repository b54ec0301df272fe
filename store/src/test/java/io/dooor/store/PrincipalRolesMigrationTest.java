package io.dooor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.Principal;
import io.dooor.core.Role;
import io.dooor.core.testkit.StoreFixtures;
import io.dooor.store.internal.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder written when a principal held one role (schema V4, table {@code principals}) opens
 * under the current schema with every role kept, and a grant then adds a second role.
 */
class PrincipalRolesMigrationTest {
  @TempDir Path dir;

  @Test
  void oneRolePerPrincipalUnderV4BecomesARoleSetAfterV5() throws Exception {
    Path file = dir.resolve("cp.db");
    String url = "jdbc:sqlite:" + file;
    Flyway.configure()
        .dataSource(url, "", "")
        .locations(Dialect.SQLITE.migrations())
        .target("4")
        .load()
        .migrate();
    Principal a = StoreFixtures.principal("a");
    Principal b = StoreFixtures.principal("b");
    try (Connection c = DriverManager.getConnection(url)) {
      insertAsV4Did(c, a, Role.CONTROLLER);
      insertAsV4Did(c, b, Role.AUDITOR);
    }
    try (JdbcStore store = JdbcStore.sqlite(file)) {
      assertThat(store.principals())
          .isEqualTo(Map.of(a, Set.of(Role.CONTROLLER), b, Set.of(Role.AUDITOR)));
      store.inTransaction(
          tx -> {
            tx.addRole(a, Role.AUDITOR);
            return null;
          });
      assertThat(store.roles(a)).containsExactlyInAnyOrder(Role.CONTROLLER, Role.AUDITOR);
    }
  }

  private static void insertAsV4Did(Connection c, Principal p, Role role) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO principals (principal, role) VALUES (?,?)")) {
      ps.setBytes(1, p.toBytes());
      ps.setString(2, role.name());
      ps.executeUpdate();
    }
  }
}

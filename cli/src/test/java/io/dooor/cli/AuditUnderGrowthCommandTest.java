package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11 defect 2, acceptance "audit under growth": {@code dooor audit verify} said a healthy
 * log was INVALID ({@code NOT_FOUND: no tile/0/000.p/W}) once the log grew after an earlier verify,
 * and each failing run appended a refusal. Here a real control plane (SQLite, signed HTTP on
 * loopback) takes 50 appends, each followed by a published checkpoint and two verifies through
 * {@link Main#run}: a full replay, and {@code --since} the checkpoint saved by the previous round
 * (with {@code --replay}, saving the new one). Every run passes, and no verify appends to the log.
 */
class AuditUnderGrowthCommandTest {
  private static final int ROUNDS = 50;

  @TempDir Path dir;
  private Deployment d;
  private ApiClient admin;
  private Path pem;

  @BeforeEach
  void start() throws Exception {
    d = Deployment.start(DeploymentConfig.embedded(dir.resolve("data"), 0));
    Identity controller = Identity.generate();
    pem = dir.resolve("controller.pem");
    controller.save(pem);
    d.plane().init(controller.principal());
    admin = new ApiClient(URI.create("http://127.0.0.1:" + d.port()), controller);
  }

  @AfterEach
  void stop() {
    d.close();
  }

  @Test
  void verifyPassesAfterEachOfFiftyAppendsInterleavedWithVerifies() throws Exception {
    d.publishCheckpoint();
    Path saved = dir.resolve("saved.checkpoint");
    CliRun first = audit("checkpoint", "--out", saved.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    for (int round = 0; round < ROUNDS; round++) {
      append(round);
      d.publishCheckpoint();
      long size = d.plane().store().eventCount();

      CliRun full = audit("verify");
      assertThat(full.exit()).as("round " + round + ": " + full.err()).isZero();
      assertThat(full.out()).contains("replayed: " + size + " entries");

      CliRun since = audit("verify", "--since", saved.toString(), "--replay", "--save", "" + saved);
      assertThat(since.exit()).as("round " + round + ": " + since.err()).isZero();
      assertThat(since.out())
          .contains("consistent: saved checkpoint " + saved)
          .contains("replayed: " + size + " entries")
          .contains("saved: checkpoint of size " + size);

      assertThat(d.plane().store().eventCount()).as("verifies appended nothing").isEqualTo(size);
    }
  }

  private void append(int round) throws Exception {
    admin.put(
        "/v1/policies/g" + round,
        new Dto.PolicyBody(
            List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L),
        Dto.PolicyView.class);
  }

  /** Runs {@code dooor audit ARGS} against the test server with the log's verifier key. */
  private CliRun audit(String... args) {
    List<String> all = new ArrayList<>(List.of("audit"));
    all.addAll(List.of(args));
    all.addAll(List.of("--server", "http://127.0.0.1:" + d.port(), "--identity", pem.toString()));
    all.addAll(List.of("--key", d.auditVerifierKey()));
    return CliRun.of(all);
  }
}

package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Caller;
import io.dooor.core.Role;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11: {@code audit tail} past 1,000 entries shows the latest ones (it used to show entries
 * 998-999), also when events were recorded after the last signed checkpoint.
 */
class AuditTailCommandTest {
  @TempDir Path dir;

  @Test
  void tailShowsTheLatestEntriesOfALongLog() throws Exception {
    Identity controller = Identity.generate();
    Path pem = dir.resolve("controller.pem");
    controller.save(pem);
    try (Deployment d = Deployment.start(DeploymentConfig.embedded(dir.resolve("data"), 0))) {
      d.plane().init(controller.principal());
      Caller caller = new Caller(controller.principal(), controller.publicKeySpki(), Bytes.empty());
      for (int i = 0; i < 1_100; i++) {
        d.plane().grant(caller, Identity.generate().principal(), Role.AUDITOR);
      }
      d.publishCheckpoint();
      for (int i = 0; i < 5; i++) { // after the checkpoint: tail must still reach them
        d.plane().grant(caller, Identity.generate().principal(), Role.AUDITOR);
      }
      long count = d.plane().store().eventCount();
      String url = "http://127.0.0.1:" + d.port();
      CliRun run =
          CliRun.of(
              "audit", "tail", "-n", "3", "--json", "--server", url, "--identity", pem.toString());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(seqs(run.json())).containsExactly(count - 3, count - 2, count - 1);
    }
  }

  private static List<Long> seqs(JsonNode events) {
    List<Long> out = new ArrayList<>();
    events.forEach(e -> out.add(e.get("seq").asLong()));
    return out;
  }
}

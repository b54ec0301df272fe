package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.auth.Identity;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --data DIR} implies {@code --identity DIR/controller.pem} (issue 11): a folder made by
 * {@code dooor init} elsewhere than the current folder is used by naming it once; an explicit
 * {@code --identity} still wins.
 */
class DataImpliesIdentityTest {
  @TempDir Path dir;
  Path data;
  Deployment d;
  String url;

  @BeforeEach
  void start() {
    data = dir.resolve("elsewhere");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    d = Deployment.start(DeploymentConfig.embedded(data, 0));
    url = "http://127.0.0.1:" + d.port();
  }

  @AfterEach
  void stop() {
    d.close();
  }

  @Test
  void theDataFoldersControllerKeyIsTheCallerWithoutIdentity() throws Exception {
    String controller = Identity.load(data.resolve("controller.pem")).principal().toText();
    CliRun list = CliRun.of("principal", "list", "--data", data.toString(), "--server", url);
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains(controller + "  controller");
    CliRun nodes = CliRun.of("node", "list", "--server", url, "--data", data.toString());
    assertThat(nodes.exit()).as(nodes.err()).isZero();
  }

  @Test
  void anExplicitIdentityWinsOverTheDataFolder() {
    Path stranger = dir.resolve("stranger.pem");
    assertThat(CliRun.of("identity", "new", "--out", stranger.toString()).exit()).isZero();
    CliRun run =
        CliRun.of(
            "node",
            "list",
            "--data",
            data.toString(),
            "--identity",
            stranger.toString(),
            "--server",
            url);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("refused (forbidden): ");
  }

  @Test
  void aDataFolderWithoutControllerKeyIsNamed() {
    Path empty = dir.resolve("empty");
    CliRun run = CliRun.of("node", "list", "--data", empty.toString(), "--server", url);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("error: no caller key at " + empty.resolve("controller.pem"))
        .contains("--identity", "--data");
  }
}

package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.auth.Identity;
import io.dooor.core.NodeId;
import io.dooor.core.NodeState;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dooor node admit} (development mode: a sim TEE signing with the server's sim root) through
 * {@link Main#run} against a real control plane; the written key then derives its node key.
 */
class NodeAdmitCommandTest {
  @TempDir Path dir;
  Deployment d;
  String url;
  Identity controller = Identity.generate();
  Path data;

  @BeforeEach
  void start() throws Exception {
    data = dir.resolve("data");
    d = Deployment.start(DeploymentConfig.embedded(data, 0));
    url = "http://127.0.0.1:" + d.port();
    d.plane().init(controller.principal());
    Path pem = dir.resolve("controller.pem");
    controller.save(pem);
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, readmePolicyExample());
    CliRun set =
        CliRun.of(
            "policy",
            "set",
            "demo",
            policy.toString(),
            "--server",
            url,
            "--identity",
            pem.toString());
    assertThat(set.exit()).as(set.err()).isZero();
  }

  /** The indented JSON block of the README's "Using it" section: the example must work. */
  static String readmePolicyExample() throws java.io.IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int from = readme.indexOf("\n    {\n", readme.indexOf("`policy.json` for workload `demo`"));
    int to = readme.indexOf("\n    }\n", from);
    assertThat(from).as("README policy example").isPositive();
    return readme.substring(from, to + 6);
  }

  @AfterEach
  void stop() {
    d.close();
  }

  CliRun admit(String id, Path out) {
    return CliRun.of(
        "node",
        "admit",
        "--id",
        id,
        "--workload",
        "demo",
        "--identity-out",
        out.toString(),
        "--data",
        data.toString(),
        "--server",
        url);
  }

  @Test
  void admitsASimNodeByHandAndItsKeyDerivesItsNodeKey() throws Exception {
    Path pem = dir.resolve("node-1.pem");
    CliRun run = admit("node-1", pem);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("node-1").contains("ACTIVE").contains("DEVELOPMENT MODE");
    assertThat(d.plane().store().node(NodeId.of("node-1")).orElseThrow().state())
        .isEqualTo(NodeState.ACTIVE);
    Identity key = Identity.load(pem);
    assertThat(d.plane().store().node(NodeId.of("node-1")).orElseThrow().principal())
        .isEqualTo(key.principal());
    CliRun derive =
        CliRun.of(
            "key",
            "derive",
            "--identity",
            pem.toString(),
            "--server",
            url,
            "--context",
            "dooor/node-key",
            "--input-text",
            "node-1",
            "--out",
            dir.resolve("n.vetkey").toString());
    assertThat(derive.exit()).as(derive.err()).isZero();
  }

  @Test
  void refusesWithoutTheServersSimRootAndNeverOverwritesAKey() throws Exception {
    CliRun noRoot =
        CliRun.of(
            "node",
            "admit",
            "--id",
            "node-2",
            "--workload",
            "demo",
            "--identity-out",
            dir.resolve("n2.pem").toString(),
            "--data",
            dir.resolve("elsewhere").toString(),
            "--server",
            url);
    assertThat(noRoot.exit()).isEqualTo(1);
    assertThat(noRoot.err()).contains("no sim root").contains("sim-root.der");
    assertThat(Files.exists(dir.resolve("elsewhere"))).isFalse();
    Path taken = dir.resolve("taken.pem");
    Files.writeString(taken, "mine");
    CliRun exists = admit("node-3", taken);
    assertThat(exists.exit()).isEqualTo(1);
    assertThat(exists.err()).contains("already exists");
    assertThat(Files.readString(taken)).isEqualTo("mine");
    assertThat(d.plane().store().node(NodeId.of("node-3"))).isEmpty();
  }
}

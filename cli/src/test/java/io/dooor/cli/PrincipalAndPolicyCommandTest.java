package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.auth.Identity;
import io.dooor.core.Role;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dooor principal grant|revoke|list} and {@code dooor policy set|show} through {@link
 * Main#run} against a real control plane on loopback.
 */
class PrincipalAndPolicyCommandTest {
  @TempDir Path dir;
  Deployment d;
  String url;
  Identity controller = Identity.generate();
  Identity operator = Identity.generate();
  Path controllerPem;
  Path operatorPem;

  @BeforeEach
  void start() throws Exception {
    d = Deployment.start(DeploymentConfig.embedded(dir.resolve("data"), 0));
    url = "http://127.0.0.1:" + d.port();
    d.plane().init(controller.principal());
    controllerPem = dir.resolve("controller.pem");
    operatorPem = dir.resolve("operator.pem");
    controller.save(controllerPem);
    operator.save(operatorPem);
  }

  @AfterEach
  void stop() {
    d.close();
  }

  CliRun run(Path identity, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--identity", identity.toString()));
    return CliRun.of(all);
  }

  @Test
  void grantAddsARoleRevokeRemovesOneAndListShowsThem() throws Exception {
    String op = operator.principal().toString();
    String self = controller.principal().toString();
    assertThat(run(controllerPem, "principal", "grant", op, "operator").exit()).isZero();
    CliRun granted = run(controllerPem, "principal", "grant", self, "auditor");
    assertThat(granted.out()).contains("granted auditor to " + self);
    CliRun list = run(controllerPem, "principal", "list");
    assertThat(list.exit()).isZero();
    assertThat(list.out()).contains(self + "  controller, auditor").contains(op + "  operator");
    JsonNode json = run(controllerPem, "principal", "list", "--json").json();
    assertThat(json).hasSize(2);
    assertThat(run(controllerPem, "principal", "revoke", self, "auditor").out())
        .contains("revoked auditor from " + self);
    assertThat(d.plane().store().roles(controller.principal())).containsExactly(Role.CONTROLLER);
  }

  @Test
  void theLastControllerIsRefusedByName() {
    String self = controller.principal().toString();
    CliRun refused = run(controllerPem, "principal", "revoke", self, "controller");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("last-controller").contains("cannot be removed");
    assertThat(d.plane().store().roles(controller.principal())).containsExactly(Role.CONTROLLER);
    CliRun notAllowed = run(operatorPem, "principal", "grant", self, "auditor");
    assertThat(notAllowed.exit()).isEqualTo(1);
    assertThat(notAllowed.err()).contains("lacks the controller role");
  }

  @Test
  void policyShowOfAWorkloadNobodySetSaysSo() throws Exception {
    Path file = dir.resolve("demo-policy.json");
    Files.writeString(
        file,
        "{\"allowed_tee_types\":[\"sim\"],\"accepted_tcb_statuses\":[\"NotApplicable\"],"
            + "\"allow_debug\":false,\"attestation_ttl_seconds\":600,"
            + "\"challenge_ttl_seconds\":60}");
    assertThat(run(controllerPem, "policy", "set", "demo", file.toString()).exit()).isZero();
    assertThat(run(controllerPem, "policy", "show", "demo").out()).contains("workload demo v1");
    CliRun typo = run(controllerPem, "policy", "show", "dmeo");
    assertThat(typo.exit()).isEqualTo(1);
    assertThat(typo.out()).isEmpty();
    assertThat(typo.err()).contains("no policy is set for workload dmeo");
  }
}

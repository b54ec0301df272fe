package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.Json;
import io.dooor.provision.aws.Ec2Actions;
import io.dooor.provision.azure.ArmActions;
import io.dooor.provision.gcp.GceActions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderPolicyCommandTest {
  @Test
  @SuppressWarnings("unchecked")
  void printsTheIamPolicyOfTheEc2AdapterActions() throws Exception {
    CliRun run = CliRun.of("provider", "policy", "aws");
    assertThat(run.exit()).isZero();
    Map<String, Object> doc =
        Json.MAPPER.readValue(run.out().getBytes(StandardCharsets.UTF_8), Map.class);
    assertThat(doc.get("Version")).isEqualTo("2012-10-17");
    assertThat(Ec2Actions.allowed(doc)).containsExactlyInAnyOrderElementsOf(Ec2Actions.ACTIONS);
  }

  @Test
  @SuppressWarnings("unchecked")
  void printsTheGcpCustomRoleAndTheAzureRoleDefinition() throws Exception {
    CliRun gcp = CliRun.of("provider", "policy", "gcp");
    assertThat(gcp.exit()).isZero();
    Map<String, Object> role =
        Json.MAPPER.readValue(gcp.out().getBytes(StandardCharsets.UTF_8), Map.class);
    assertThat(role.get("stage")).isEqualTo("GA");
    assertThat(GceActions.granted(role))
        .containsExactlyInAnyOrderElementsOf(GceActions.PERMISSIONS);

    CliRun azure = CliRun.of("provider", "policy", "azure");
    assertThat(azure.exit()).isZero();
    Map<String, Object> def =
        Json.MAPPER.readValue(azure.out().getBytes(StandardCharsets.UTF_8), Map.class);
    assertThat(def.get("IsCustom")).isEqualTo(true);
    assertThat(ArmActions.allowed(def)).containsExactlyInAnyOrderElementsOf(ArmActions.ACTIONS);
  }

  @Test
  void anUnknownProviderIsAnError() {
    CliRun run = CliRun.of("provider", "policy", "ibm");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("no permission document for provider 'ibm'");
  }
}

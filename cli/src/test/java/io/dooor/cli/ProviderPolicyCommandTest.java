package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.Json;
import io.dooor.provision.aws.Ec2Actions;
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
  void anUnknownProviderIsAnError() {
    CliRun run = CliRun.of("provider", "policy", "ibm");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("no permission document for provider 'ibm'");
  }
}

package io.dooor.provision.akash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.SecretBytes;
import io.dooor.core.TeeType;
import io.dooor.provision.CloudSpecs;
import io.dooor.provision.MachineRequest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The SDL the Akash adapter generates, validated against Akash's own published schema; the
 * validator and schema are first shown to accept and refuse Akash's own test inputs.
 */
class AkashSdlTest {
  static final AkashSdl.Settings SETTINGS =
      new AkashSdl.Settings(
          "uakt", 1000, 1024, List.of("akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63"));

  static MachineRequest request(TeeType type, String region, String token) throws Exception {
    return new MachineRequest(
        "payments-0a1b2c3d",
        CloudSpecs.spec(
            type, "akash", region, "ghcr.io/dooor/agent", "{\"vcpus\":2,\"memory_mib\":4096}"),
        region,
        "dooor-client-token-1",
        SecretBytes.of(token.getBytes(StandardCharsets.UTF_8)),
        "https://cp.example");
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = AkashSdlTest.class.getResourceAsStream("/akash/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"valid-v2.1-tee-cpu-input.yaml", "valid-v2.0-simple-input.yaml"})
  void akashsOwnValidInputsPass(String name) throws Exception {
    assertThatCode(() -> AkashSdl.validate(resource(name))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "invalid-invalid-version.yaml",
        "invalid-unknown-field.yaml",
        "invalid-port-zero.yaml",
        "invalid-invalid-denom.yaml"
      })
  void akashsOwnInvalidInputsFail(String name) {
    assertThatThrownBy(() -> AkashSdl.validate(resource(name)))
        .isInstanceOf(AkashSdl.InvalidSdl.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theGeneratedSdlPassesTheSchemaAndSaysWhatTheSpecSays() throws Exception {
    String yaml =
        AkashSdl.yaml(request(TeeType.SNP, "us-west", "dooor-join-v1.abc_DEF-1"), SETTINGS);
    Map<String, Object> doc = YAMLMapper.builder().build().readValue(yaml, Map.class);
    assertThat(doc.get("version")).isEqualTo("2.1");
    Map<String, Object> agent =
        (Map<String, Object>) ((Map<String, Object>) doc.get("services")).get("agent");
    assertThat(agent.get("image")).isEqualTo("ghcr.io/dooor/agent@sha256:" + "ab".repeat(32));
    assertThat(agent.get("params")).isEqualTo(Map.of("tee", "cpu"));
    assertThat((List<String>) agent.get("env"))
        .contains("DOOOR_JOIN_TOKEN=dooor-join-v1.abc_DEF-1");
    assertThat(agent).doesNotContainKey("expose");
    assertThat(yaml)
        .contains("size: \"4096Mi\"")
        .contains("region: \"us-west\"")
        .contains("akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63");
  }

  @Test
  void anyRegionHasNoAttributeAndTdxIsAlsoTeeCpu() throws Exception {
    String yaml = AkashSdl.yaml(request(TeeType.TDX, "any", "dooor-join-v1.x"), SETTINGS);
    assertThat(yaml).doesNotContain("region").contains("tee: \"cpu\"");
  }

  @Test
  void valuesThatWouldChangeTheDocumentAreRefused() throws Exception {
    assertThatThrownBy(
            () -> AkashSdl.yaml(request(TeeType.SNP, "any", "tok\nservices: {}"), SETTINGS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("services");
    assertThatThrownBy(() -> AkashSdl.yaml(request(TeeType.SNP, "US West", "t"), SETTINGS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDocumentOutsideTheSchemaIsRefusedNamingWhere() {
    assertThatThrownBy(() -> AkashSdl.validate("version: \"2.1\"\nservices: {}\nprofiles: {}\n"))
        .isInstanceOf(AkashSdl.InvalidSdl.class)
        .hasMessageContaining("required");
  }
}

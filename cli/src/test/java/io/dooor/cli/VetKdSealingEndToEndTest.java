package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.agent.SimEvidenceSource;
import io.dooor.agent.seal.SealingException;
import io.dooor.agent.seal.SealingKeyApi;
import io.dooor.agent.seal.VetKdSealer;
import io.dooor.attestation.sim.SimTee;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's vetKD sealing against the real control plane (issue #12): {@link VetKdSealer} over
 * HTTP to {@code POST /v1/sealing-keys} of a running deployment (sim evidence, the embedded
 * threshold vetKD service). The same measurement opens what it sealed, after the control plane
 * restarted too; another measurement does not; a measurement the policy no longer admits gets no
 * key at all.
 */
class VetKdSealingEndToEndTest {
  private static final String WORKLOAD = "sealed";
  private static final Bytes SECRET = Bytes.of("identity key PEM".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  @Test
  void onlyTheSameMeasurementOpensWhatItSealed() throws Exception {
    Bytes sealed;
    Identity controller = Identity.generate();
    try (Deployment d = Deployment.start(DeploymentConfig.embedded(dir, 0))) {
      d.plane().init(controller.principal());
      setPolicy(d, controller, "d0", "d1");
      sealed = sealer(d, "d0").seal(SECRET);
      assertThat(sealer(d, "d0").unseal(sealed)).isEqualTo(SECRET);
      assertThatThrownBy(() -> sealer(d, "d1").unseal(sealed))
          .isInstanceOfSatisfying(
              SealingException.class,
              e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.MEASUREMENT_CHANGED));
    }
    try (Deployment d = Deployment.start(DeploymentConfig.embedded(dir, 0))) {
      assertThat(sealer(d, "d0").unseal(sealed)).as("after a restart").isEqualTo(SECRET);
      setPolicy(d, controller, "d1");
      assertThatThrownBy(() -> sealer(d, "d0").unseal(sealed))
          .isInstanceOfSatisfying(
              SealingException.class,
              e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.KEY_REFUSED));
    }
  }

  private static VetKdSealer sealer(Deployment d, String measurementByte) {
    SimTee tee = d.simTee().orElseThrow();
    SimEvidenceSource evidence =
        new SimEvidenceSource(
            tee, Bytes.fromHex(measurementByte.repeat(48)), Bytes.of(new byte[16]), false);
    return new VetKdSealer(WORKLOAD, evidence, SealingKeyApi.over(url(d)));
  }

  private static void setPolicy(Deployment d, Identity controller, String... measurementBytes)
      throws Exception {
    List<String> values = java.util.Arrays.stream(measurementBytes).map(b -> b.repeat(48)).toList();
    new ApiClient(url(d), controller)
        .put(
            "/v1/policies/" + WORKLOAD,
            Map.of(
                "allowed_tee_types", List.of("sim"),
                "reference_values", Map.of("MEASUREMENT", values),
                "accepted_tcb_statuses", List.of("NotApplicable")),
            Dto.PolicyView.class);
  }

  private static URI url(Deployment d) {
    return URI.create("http://127.0.0.1:" + d.port());
  }
}

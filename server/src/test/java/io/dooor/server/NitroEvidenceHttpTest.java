package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real AWS Nitro Enclaves attestation document (COSE_Sign1, ES384; the eternis example) through
 * the HTTP API of a deployment started with the vendor roots only, on a clock fixed at the sample's
 * verification_time. Registration verifies the COSE signature by the leaf, the cabundle chain to
 * the pinned AWS Nitro root and the timestamp. The enclave ran in debug mode (PCR0-2 all zero), so
 * a production policy names the debug check; the document's user data was made for a nonce we
 * cannot know, not our node key, so register_tee_node refuses its initial report for the binding in
 * every case.
 */
class NitroEvidenceHttpTest extends HardwarePlaneHttpFixture {
  private static final String SAMPLE = "nitro/eternis-example-attestation";

  /** The COSE_Sign1 document (the sample file is its base64). */
  static Bytes document(Path sample) throws IOException {
    String b64 =
        new String(file(sample, "example_attestation").toArray(), StandardCharsets.US_ASCII);
    return Bytes.fromBase64(b64.trim());
  }

  /** A Nitro policy with the sample's PCR0-2 (optionally PCR0 changed). */
  static Dto.PolicyBody policy(JsonNode pcrs, boolean wrongPcr0, boolean allowDebug) {
    String pcr0 = pcrs.get("0").asText();
    return new Dto.PolicyBody(
        List.of("nitro"),
        Map.of(
            "PCR0",
            List.of(wrongPcr0 ? "ff" + pcr0.substring(2) : pcr0),
            "PCR1",
            List.of(pcrs.get("1").asText()),
            "PCR2",
            List.of(pcrs.get("2").asText())),
        Map.of(),
        List.of("NotApplicable"),
        allowDebug,
        600L,
        60L);
  }

  static JsonNode pcrs(Path sample) throws IOException {
    return manifest(sample).path("decoded").path("pcrs");
  }

  @Test
  void realDocumentIsVerifiedThroughTheApiAndRefusedOnlyForTheBinding() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    start(root, List.of(), verificationClock(sample));
    policy(policy(pcrs(sample), false, true));

    ApiException refused = refusedRegistration("nitro-1", "nitro", document(sample));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.code()).isEqualTo("binding-mismatch");
    assertThat(refused.failedChecks()).containsExactly("initial_report_binding");
    Event e = lastEvent();
    assertThat(e.outcome()).isEqualTo(Event.Outcome.REFUSED);
    assertThat(e.action()).isEqualTo("node.register");
    assertThat(e.reason()).startsWith("binding-mismatch: ").contains("[initial_report_binding]");
  }

  @Test
  void aProductionPolicyNamesTheDebugEnclaveAndTheWrongPcr() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    start(root, List.of(), verificationClock(sample));
    policy(policy(pcrs(sample), true, false));

    ApiException refused = refusedRegistration("nitro-1", "nitro", document(sample));
    assertThat(refused.code()).isEqualTo("binding-mismatch");
    assertThat(refused.failedChecks())
        .containsExactlyInAnyOrder(
            "initial_report_binding",
            "debug: TEE runs in debug mode",
            "measurement PCR0: " + pcrs(sample).get("0").asText() + " is not a reference value");
    assertThat(lastEvent().reason()).contains("debug: TEE runs in debug mode");
  }

  @Test
  void oneByteMutationsAreRefusedAtRegistrationNamingTheCheck() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    start(root, List.of(), verificationClock(sample));
    policy(policy(pcrs(sample), false, true));
    int n = 0;
    for (String neg : List.of("neg-payload-pcr-flip", "neg-signature-flip")) {
      Path dir = root.resolve(SAMPLE + "-" + neg);
      if (!dir.toFile().isDirectory()) {
        continue;
      }
      String want = manifest(dir).get("expected_failing_check").asText();
      ApiException refused = refusedRegistration("nitro-" + neg, "nitro", document(dir));
      assertThat(refused.code()).as(neg).isEqualTo("evidence-invalid");
      assertThat(refused.failedChecks()).as(neg).containsExactly(want);
      n++;
    }
    assertThat(n).isEqualTo(2);
  }

  @Test
  void theSameDocumentAfterTheLeafExpiredIsRefusedNamingTheLeafLink() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    // the enclave leaf is valid until 2024-09-09T22:49:12Z, every other certificate for longer
    start(root, List.of(), Clock.fixed(Instant.parse("2024-09-09T22:49:13Z"), ZoneOffset.UTC));
    policy(policy(pcrs(sample), false, true));
    ApiException refused = refusedRegistration("nitro-1", "nitro", document(sample));
    assertThat(refused.code()).isEqualTo("evidence-invalid");
    assertThat(refused.failedChecks()).containsExactly("cert[4]_signed_by_cert[3]");
  }
}

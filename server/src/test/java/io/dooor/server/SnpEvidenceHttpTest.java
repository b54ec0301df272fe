package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real AMD SEV-SNP reports (Milan, VCEK, from the trustee and go-sev-guest test data) through the
 * HTTP API of a deployment started with the vendor roots only, on a clock fixed at the sample's
 * verification_time. The evidence is the report followed by its VCEK (DER); the ASK and ARK come
 * from the trust folder. Registration verifies the report signature, the VCEK -> ASK -> ARK chain,
 * the chip id and TCB bindings, then refuses the sample only for the binding of the initial report
 * (its report_data was made for data we cannot know, not our node key), naming policy failures
 * alongside.
 */
class SnpEvidenceHttpTest extends HardwarePlaneHttpFixture {
  private static final String SAMPLE = "snp/trustee-milan-vcek";
  private static final String DEBUG_SAMPLE = "snp/go-sev-guest-milan-vcek-debug-policy";

  /** The report followed by the VCEK certificate, as a node presents it. */
  static Bytes evidence(Path sample, String report, String vcek) throws IOException {
    byte[] r = file(sample, report).toArray();
    byte[] c = file(sample, vcek).toArray();
    byte[] all = new byte[r.length + c.length];
    System.arraycopy(r, 0, all, 0, r.length);
    System.arraycopy(c, 0, all, r.length, c.length);
    return Bytes.of(all);
  }

  static Bytes trustee(Path sample) throws IOException {
    return evidence(sample, "test-report.bin", "test-vcek.der");
  }

  /** An SNP policy with the sample's MEASUREMENT and HOST_DATA and minimum GUEST_SVN. */
  static Dto.PolicyBody policy(JsonNode decoded, boolean wrongMeasurement, long minGuestSvn) {
    String m = decoded.get("measurement").asText();
    return new Dto.PolicyBody(
        List.of("snp"),
        Map.of(
            "MEASUREMENT",
            List.of(wrongMeasurement ? "00" + m.substring(2) : m),
            "HOST_DATA",
            List.of(decoded.get("host_data").asText())),
        Map.of("GUEST_SVN", minGuestSvn),
        List.of("UpToDate"),
        false,
        600L,
        60L);
  }

  @Test
  void realReportIsVerifiedThroughTheApiAndRefusedOnlyForTheBinding() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    start(root, List.of(), verificationClock(sample));
    JsonNode decoded = manifest(sample).path("decoded");
    policy(policy(decoded, false, decoded.get("guest_svn").asLong()));

    ApiException refused = refusedRegistration("snp-1", "snp", trustee(sample));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.code()).isEqualTo("binding-mismatch");
    assertThat(refused.failedChecks()).containsExactly("initial_report_binding");
    Event e = lastEvent();
    assertThat(e.outcome()).isEqualTo(Event.Outcome.REFUSED);
    assertThat(e.action()).isEqualTo("node.register");
    assertThat(e.reason()).startsWith("binding-mismatch: ").contains("[initial_report_binding]");
  }

  @Test
  void policyFailuresOnTheRealClaimsAreNamedInTheSameStep() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    start(root, List.of(), verificationClock(sample));
    JsonNode decoded = manifest(sample).path("decoded");
    long svn = decoded.get("guest_svn").asLong();
    policy(policy(decoded, true, svn + 1));

    ApiException refused = refusedRegistration("snp-1", "snp", trustee(sample));
    assertThat(refused.code()).isEqualTo("binding-mismatch");
    assertThat(refused.failedChecks())
        .containsExactlyInAnyOrder(
            "initial_report_binding",
            "measurement MEASUREMENT: "
                + decoded.get("measurement").asText()
                + " is not a reference value",
            "minimum GUEST_SVN: " + svn + " < " + (svn + 1));
    assertThat(lastEvent().reason()).contains("minimum GUEST_SVN");
  }

  @Test
  void aDebugGuestIsRefusedByAProductionPolicy() throws Exception {
    Path root = attestationVectors(DEBUG_SAMPLE);
    Path sample = root.resolve(DEBUG_SAMPLE);
    start(root, List.of(), verificationClock(sample));
    JsonNode decoded = manifest(sample).path("decoded");
    assertThat(decoded.get("policy_debug_allowed").asBoolean()).isTrue();
    policy(policy(decoded, false, 0));
    Bytes ev = evidence(sample, "attestation.bin", "vcek.testcer");

    ApiException refused = refusedRegistration("snp-dbg", "snp", ev);
    assertThat(refused.failedChecks())
        .containsExactlyInAnyOrder("initial_report_binding", "debug: TEE runs in debug mode");
  }

  @Test
  void oneByteMutationsAreRefusedAtRegistrationNamingTheCheck() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    start(root, List.of(), verificationClock(sample));
    JsonNode decoded = manifest(sample).path("decoded");
    policy(policy(decoded, false, 0));
    int n = 0;
    for (String neg :
        List.of(
            "neg-measurement-flip",
            "neg-reportdata-flip",
            "neg-policy-bit16-flip",
            "neg-signature-flip")) {
      Path dir = root.resolve(SAMPLE + "-" + neg);
      if (!dir.toFile().isDirectory()) {
        continue;
      }
      String want = manifest(dir).get("expected_failing_check").asText();
      ApiException refused = refusedRegistration("snp-" + neg, "snp", trustee(dir));
      assertThat(refused.code()).as(neg).isEqualTo("evidence-invalid");
      assertThat(refused.failedChecks()).as(neg).containsExactly(want);
      n++;
    }
    assertThat(n).isEqualTo(4);

    // our own mutation: the last byte of the VCEK's RSA-PSS signature (the ASK's signature over it)
    byte[] ev = trustee(sample).toArray();
    ev[ev.length - 1] ^= 0x01;
    ApiException refused = refusedRegistration("snp-vcek", "snp", Bytes.of(ev));
    assertThat(refused.code()).isEqualTo("evidence-invalid");
    assertThat(refused.failedChecks()).containsExactly("vcek_signed_by_ask");
  }

  @Test
  void theSameReportAfterTheVcekExpiredIsRefusedNamingTheChainLink() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    // the VCEK is valid until 2030-01-24T17:58:26Z; one second later the chain link fails
    start(
        root,
        List.of(),
        Clock.fixed(java.time.Instant.parse("2030-01-24T17:58:27Z"), java.time.ZoneOffset.UTC));
    policy(policy(manifest(sample).path("decoded"), false, 0));
    ApiException refused = refusedRegistration("snp-1", "snp", trustee(sample));
    assertThat(refused.code()).isEqualTo("evidence-invalid");
    assertThat(refused.failedChecks()).containsExactly("vcek_signed_by_ask");
  }
}

package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real Intel TDX quote (dcap-qvl-tdx-v4-uptodate, from real hardware) through the HTTP API of a
 * deployment started with vendor roots and Intel collateral, on a clock fixed at the sample's
 * verification_time. The quote's report_data was bound by its producer to data we cannot know, not
 * to our node key, so register_tee_node must refuse it; the test shows that the refusal names ONLY
 * the binding of the initial report: registration verified the whole hardware chain (quote and QE
 * report signatures, PCK chain, CRLs, TCB info and QE identity, TCB status), and the policy,
 * evaluated in the same step (a second test shows it does name its failures there), admitted the
 * real measurements.
 */
class HardwareEvidenceHttpTest extends HardwarePlaneHttpFixture {
  private static final String SAMPLE = "tdx/dcap-qvl-tdx-v4-uptodate";

  /** Starts a deployment with the vendor roots and the sample's collateral on {@code clock}. */
  void start(Path root, Clock clock) throws Exception {
    start(root, List.of(root.resolve(SAMPLE).resolve("tdx_quote_collateral.json")), clock);
  }

  /** A TDX policy with the sample's MRTD and RTMRs (optionally one changed) and accepted status. */
  static Dto.PolicyBody policy(JsonNode body, boolean wrongMrtd, String acceptedStatus) {
    Map<String, List<String>> refs = new LinkedHashMap<>();
    String mrtd = body.get("mrtd").asText();
    refs.put("MRTD", List.of(wrongMrtd ? "00" + mrtd.substring(2) : mrtd));
    for (int i = 0; i < 4; i++) {
      refs.put("RTMR" + i, List.of(body.get("rtmr" + i).asText()));
    }
    return new Dto.PolicyBody(
        List.of("tdx"), refs, Map.of(), List.of(acceptedStatus), false, 600L, 60L);
  }

  static Bytes quote(Path sample) throws IOException {
    return file(sample, "tdx_quote");
  }

  @Test
  void realQuoteIsVerifiedThroughTheApiAndRefusedOnlyForTheBinding() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    start(root, verificationClock(sample));
    JsonNode body = manifest(sample).path("decoded").path("report_body");
    policy(policy(body, false, "UpToDate"));

    ApiException refused = refusedRegistration("tdx-1", "tdx", quote(sample));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.code()).isEqualTo("binding-mismatch");
    assertThat(refused.failedChecks()).containsExactly("initial_report_binding");
    Event e = lastEvent();
    assertThat(e.outcome()).isEqualTo(Event.Outcome.REFUSED);
    assertThat(e.action()).isEqualTo("node.register");
    assertThat(e.reason()).startsWith("binding-mismatch: ").contains("[initial_report_binding]");
  }

  @Test
  void policyIsEvaluatedOnTheRealClaimsInTheSameStep() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    start(root, verificationClock(sample));
    JsonNode body = manifest(sample).path("decoded").path("report_body");
    policy(policy(body, true, "OutOfDate"));

    ApiException refused = refusedRegistration("tdx-1", "tdx", quote(sample));
    assertThat(refused.code()).isEqualTo("binding-mismatch");
    assertThat(refused.failedChecks())
        .hasSize(3)
        .contains("initial_report_binding")
        .anyMatch(c -> c.startsWith("measurement MRTD"))
        .anyMatch(c -> c.startsWith("tcb_status: UpToDate"));
  }

  @Test
  void oneFlippedSignatureByteIsRefusedAtRegistrationNamingTheCheck() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path neg = root.resolve("tdx/dcap-qvl-tdx-v4-neg-quote-sig-flip");
    assumeTrue(Files.isDirectory(neg), "negative sample absent (skipped)");
    Path sample = root.resolve(SAMPLE);
    start(root, verificationClock(sample));
    policy(policy(manifest(sample).path("decoded").path("report_body"), false, "UpToDate"));

    ApiException refused = refusedRegistration("tdx-1", "tdx", quote(neg));
    assertThat(refused.code()).isEqualTo("evidence-invalid");
    assertThat(refused.failedChecks()).containsExactly("quote_signature");
  }

  @Test
  void theSameQuoteOnTheSystemClockIsRefusedForExpiredCollateral() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    start(root, Clock.systemUTC());
    policy(policy(manifest(sample).path("decoded").path("report_body"), false, "UpToDate"));

    ApiException refused = refusedRegistration("tdx-1", "tdx", quote(sample));
    assertThat(refused.code()).isEqualTo("evidence-invalid");
    // today the Intel root CRL is past its nextUpdate, so every chain checked against it fails;
    // the quote's own signatures still verify
    assertThat(refused.failedChecks())
        .contains("root_ca_crl_issuer", "tcb_info_issuer_chain", "pck_crl_issuer_chain")
        .doesNotContain("quote_signature", "qe_report_signature");
  }
}

package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.core.Bytes;
import io.dooor.core.Event;
import io.dooor.server.api.Dto;
import io.dooor.server.auth.Identity;
import io.dooor.server.client.ApiClient;
import io.dooor.server.client.ApiException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Intel TDX quote (dcap-qvl-tdx-v4-uptodate, from real hardware) through the HTTP API of a
 * deployment started with vendor roots and Intel collateral, on a clock fixed at the sample's
 * verification_time. The quote's report_data was bound by its producer to a nonce we cannot know,
 * so verify_attestation must refuse it; the test shows that the refusal names ONLY the binding:
 * registration verified the whole hardware chain (quote and QE report signatures, PCK chain, CRLs,
 * TCB info and QE identity, TCB status), and the policy, evaluated in the same step (a second test
 * shows it does name its failures there), admitted the real measurements.
 */
class HardwareEvidenceHttpTest {
  private static final String SAMPLE = "tdx/dcap-qvl-tdx-v4-uptodate";

  @TempDir Path dir;
  Deployment d;
  Identity controller = Identity.generate();
  Identity nodeKey = Identity.generate();

  @AfterEach
  void stop() {
    if (d != null) {
      d.close();
    }
  }

  static Path attestationVectors() {
    Path root = Path.of(System.getProperty("dooor.vectors", "../shared/vectors"), "attestation");
    assumeTrue(
        Files.isDirectory(root.resolve(SAMPLE)),
        "attestation vectors absent: " + root + " (skipped)");
    return root;
  }

  static JsonNode manifest(Path sample) throws IOException {
    return new ObjectMapper().readTree(sample.resolve("manifest.json").toFile());
  }

  /** Starts a deployment with the vendor roots and the sample's collateral on {@code clock}. */
  URI start(Path root, Clock clock) throws Exception {
    Path sample = root.resolve(SAMPLE);
    DeploymentConfig config =
        DeploymentConfig.embedded(dir, 0)
            .withHardware(
                root.resolve("roots"), List.of(sample.resolve("tdx_quote_collateral.json")))
            .withClock(clock);
    d = Deployment.start(config);
    d.plane().init(controller.principal());
    return URI.create("http://127.0.0.1:" + d.port());
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

  static Bytes quote(Path sample, String file) throws IOException {
    return Bytes.of(Files.readAllBytes(sample.resolve(file)));
  }

  Dto.RegisterNode registration(Path sample, String quoteFile) throws IOException {
    return new Dto.RegisterNode(
        "tdx-1",
        "confidential",
        "tdx",
        nodeKey.publicKeySpki().base64(),
        quote(sample, quoteFile).base64());
  }

  Event lastEvent() {
    long n = d.plane().store().eventCount();
    return d.plane().store().events(n - 1, n).get(0);
  }

  @Test
  void realQuoteIsVerifiedThroughTheApiAndRefusedOnlyForTheBinding() throws Exception {
    Path root = attestationVectors();
    Path sample = root.resolve(SAMPLE);
    JsonNode m = manifest(sample);
    Clock clock = Clock.fixed(Instant.parse(m.get("verification_time").asText()), ZoneOffset.UTC);
    URI url = start(root, clock);
    JsonNode body = m.path("decoded").path("report_body");
    new ApiClient(url, controller, clock)
        .put("/v1/policies/confidential", policy(body, false, "UpToDate"), Dto.PolicyView.class);
    ApiClient node = new ApiClient(url, nodeKey, clock);

    Dto.Registered reg =
        node.post("/v1/nodes", registration(sample, "tdx_quote"), Dto.Registered.class);
    assertThat(reg.node().state()).isEqualTo("PENDING");
    assertThat(reg.node().teeType()).isEqualTo("tdx");
    assertThat(reg.node().measurements())
        .containsEntry("MRTD", body.get("mrtd").asText())
        .containsEntry("RTMR0", body.get("rtmr0").asText());
    assertThat(reg.node().platformId()).containsIgnoringCase("b0c06f000000");

    Dto.Attest attest = new Dto.Attest(quote(sample, "tdx_quote").base64());
    ApiException refused =
        catchThrowableOfType(
            () -> node.post("/v1/nodes/tdx-1/attestation", attest, Dto.NodeView.class),
            ApiException.class);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.code()).isEqualTo("binding-mismatch");
    assertThat(refused.failedChecks()).containsExactly("report_data_binding");
    assertThat(node.get("/v1/nodes/tdx-1", Dto.NodeView.class).state()).isEqualTo("PENDING");
    Event e = lastEvent();
    assertThat(e.outcome()).isEqualTo(Event.Outcome.REFUSED);
    assertThat(e.action()).isEqualTo("node.verify");
    assertThat(e.reason()).startsWith("BINDING_MISMATCH").contains("[report_data_binding]");
  }

  @Test
  void policyIsEvaluatedOnTheRealClaimsInTheSameStep() throws Exception {
    Path root = attestationVectors();
    Path sample = root.resolve(SAMPLE);
    JsonNode m = manifest(sample);
    Clock clock = Clock.fixed(Instant.parse(m.get("verification_time").asText()), ZoneOffset.UTC);
    URI url = start(root, clock);
    JsonNode body = m.path("decoded").path("report_body");
    new ApiClient(url, controller, clock)
        .put("/v1/policies/confidential", policy(body, true, "OutOfDate"), Dto.PolicyView.class);
    ApiClient node = new ApiClient(url, nodeKey, clock);
    node.post("/v1/nodes", registration(sample, "tdx_quote"), Dto.Registered.class);

    Dto.Attest attest = new Dto.Attest(quote(sample, "tdx_quote").base64());
    ApiException refused =
        catchThrowableOfType(
            () -> node.post("/v1/nodes/tdx-1/attestation", attest, Dto.NodeView.class),
            ApiException.class);
    assertThat(refused.code()).isEqualTo("binding-mismatch");
    assertThat(refused.failedChecks())
        .hasSize(3)
        .contains("report_data_binding")
        .anyMatch(c -> c.startsWith("measurement MRTD"))
        .anyMatch(c -> c.startsWith("tcb_status: UpToDate"));
  }

  @Test
  void oneFlippedSignatureByteIsRefusedAtRegistrationNamingTheCheck() throws Exception {
    Path root = attestationVectors();
    Path neg = root.resolve("tdx/dcap-qvl-tdx-v4-neg-quote-sig-flip");
    assumeTrue(Files.isDirectory(neg), "negative sample absent (skipped)");
    JsonNode m = manifest(root.resolve(SAMPLE));
    Clock clock = Clock.fixed(Instant.parse(m.get("verification_time").asText()), ZoneOffset.UTC);
    URI url = start(root, clock);
    new ApiClient(url, controller, clock)
        .put(
            "/v1/policies/confidential",
            policy(m.path("decoded").path("report_body"), false, "UpToDate"),
            Dto.PolicyView.class);
    ApiClient node = new ApiClient(url, nodeKey, clock);

    ApiException refused =
        catchThrowableOfType(
            () -> node.post("/v1/nodes", registration(neg, "tdx_quote"), Dto.Registered.class),
            ApiException.class);
    assertThat(refused.code()).isEqualTo("evidence-invalid");
    assertThat(refused.failedChecks()).containsExactly("quote_signature");
    assertThat(d.plane().store().node(io.dooor.core.NodeId.of("tdx-1"))).isEmpty();
  }

  @Test
  void theSameQuoteOnTheSystemClockIsRefusedForExpiredCollateral() throws Exception {
    Path root = attestationVectors();
    Path sample = root.resolve(SAMPLE);
    JsonNode m = manifest(sample);
    Clock system = Clock.systemUTC();
    URI url = start(root, system);
    new ApiClient(url, controller, system)
        .put(
            "/v1/policies/confidential",
            policy(m.path("decoded").path("report_body"), false, "UpToDate"),
            Dto.PolicyView.class);
    ApiClient node = new ApiClient(url, nodeKey, system);

    ApiException refused =
        catchThrowableOfType(
            () -> node.post("/v1/nodes", registration(sample, "tdx_quote"), Dto.Registered.class),
            ApiException.class);
    assertThat(refused.code()).isEqualTo("evidence-invalid");
    // today the Intel root CRL is past its nextUpdate, so every chain checked against it fails;
    // the quote's own signatures still verify
    assertThat(refused.failedChecks())
        .contains("root_ca_crl_issuer", "tcb_info_issuer_chain", "pck_crl_issuer_chain")
        .doesNotContain("quote_signature", "qe_report_signature");
  }
}

package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.attestation.intel.PccsFixture;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.common.Bytes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A control plane started with {@code --pccs}: TDX collateral is fetched from a PCCS on loopback
 * serving Intel's real PCS responses for the trustee debug-TD sample, cached, and verified to the
 * pinned Intel root; registration then refuses the quote naming only the initial report's binding
 * (made for data we cannot know, not our node key) and the debug TD, and a second registration is
 * served from the cache. With the PCCS down from the start, registration is refused naming the
 * missing collateral.
 */
class PccsEvidenceHttpTest extends HardwarePlaneHttpFixture {
  private static final String SAMPLE = "tdx/trustee-tdx-v4-debug-td";
  private static final Bytes FMSPC = Bytes.fromHex("50806f000000");

  private static Dto.PolicyBody tdxPolicy() {
    return new Dto.PolicyBody(
        List.of("tdx"), Map.of(), Map.of(), List.of("UpToDate"), false, 600L, 60L);
  }

  @Test
  void collateralFromThePccsAdmitsTheQuoteAndPolicyNamesTheDebugTd() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    try (PccsFixture pccs = PccsFixture.start(sample, FMSPC)) {
      start(
          new Hardware(root.resolve("roots"), List.of(), pccs.base(), null),
          verificationClock(sample));
      policy(tdxPolicy());
      Bytes quote = file(sample, "tdx_quote_4.dat");

      ApiException refused = refusedRegistration("tdx-1", "tdx", quote);
      assertThat(refused.failedChecks()).contains("initial_report_binding").hasSize(2);
      assertThat(refused.failedChecks()).anyMatch(c -> c.startsWith("debug"));
      assertThat(pccs.totalHits()).isEqualTo(4);

      ApiException again = refusedRegistration("tdx-2", "tdx", quote);
      assertThat(again.failedChecks()).isEqualTo(refused.failedChecks());
      assertThat(pccs.totalHits()).as("served from the cache").isEqualTo(4);
    }
  }

  @Test
  void pccsDownRefusesRegistrationNamingTheCollateral() throws Exception {
    Path root = attestationVectors(SAMPLE);
    Path sample = root.resolve(SAMPLE);
    try (PccsFixture pccs = PccsFixture.start(sample, FMSPC)) {
      pccs.failing(true);
      start(
          new Hardware(root.resolve("roots"), List.of(), pccs.base(), null),
          verificationClock(sample));
      policy(tdxPolicy());

      ApiException refused = refusedRegistration("tdx-1", "tdx", file(sample, "tdx_quote_4.dat"));
      assertThat(refused.code()).isEqualTo("evidence-invalid");
      assertThat(refused.failedChecks()).contains("collateral_available");
    }
  }
}

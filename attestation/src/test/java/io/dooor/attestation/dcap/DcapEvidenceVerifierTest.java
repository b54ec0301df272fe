package io.dooor.attestation.dcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.attestation.dcap.DcapVectors.Sample;
import io.dooor.attestation.intel.CollateralFreshnessPolicy;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.VerifiedEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The EvidenceVerifier seam: claims mapping, TEE type, time as input, failure reasons. */
class DcapEvidenceVerifierTest {
  private static DcapEvidenceVerifier verifier(Sample s) throws Exception {
    return new DcapEvidenceVerifier(s.collateral(), DcapVectors.anchors());
  }

  @Test
  void tdxClaimsAreTheDecodedReportFields() throws Exception {
    Sample s = DcapVectors.named("trustee-tdx-v4-debug-td");
    VerifiedEvidence e = verifier(s).verify(TeeType.TDX, s.quote(), s.at());
    JsonNode body = s.manifest().at("/decoded/report_body");
    assertEquals(TeeType.TDX, e.type());
    for (String f :
        new String[] {
          "mrtd",
          "rtmr0",
          "rtmr1",
          "rtmr2",
          "rtmr3",
          "mrconfigid",
          "mrowner",
          "mrownerconfig",
          "mrseam",
          "mrsignerseam",
          "xfam",
          "tee_tcb_svn"
        }) {
      assertEquals(
          body.get(f).asText(), e.measurements().get(f.toUpperCase(java.util.Locale.ROOT)), f);
    }
    assertEquals(body.get("td_attributes").asText(), e.measurements().get("TDATTRIBUTES"));
    assertEquals(body.get("report_data").asText(), e.reportData().hex());
    assertEquals("UpToDate", e.tcbStatus());
    assertTrue(e.debug());
    assertTrue(e.platformId().startsWith("fmspc:50806f000000"));
    assertEquals(9, e.collateralDigests().size());
  }

  @Test
  void sgxClaimsAndAdvisories() throws Exception {
    Sample s = DcapVectors.named("dcap-qvl-sgx-v3-swhardening");
    VerifiedEvidence e = verifier(s).verify(TeeType.SGX, s.quote(), s.at());
    JsonNode body = s.manifest().at("/decoded/report_body");
    assertEquals(body.get("mrenclave").asText(), e.measurements().get("MRENCLAVE"));
    assertEquals(body.get("mrsigner").asText(), e.measurements().get("MRSIGNER"));
    assertEquals(body.get("attributes").asText(), e.measurements().get("ATTRIBUTES"));
    assertEquals(body.get("isvprodid").asLong(), e.numbers().get("ISVPRODID"));
    assertEquals(body.get("isvsvn").asLong(), e.numbers().get("ISVSVN"));
    assertEquals("ConfigurationAndSWHardeningNeeded", e.tcbStatus());
    assertTrue(e.advisoryIds().contains("INTEL-SA-00615"));
    assertFalse(e.debug());
  }

  @Test
  void wrongTeeTypeIsRefused() throws Exception {
    Sample s = DcapVectors.named("dcap-qvl-tdx-v4-uptodate");
    EvidenceException e =
        assertThrows(
            EvidenceException.class, () -> verifier(s).verify(TeeType.SGX, s.quote(), s.at()));
    assertEquals(EvidenceException.Reason.UNSUPPORTED_FORMAT, e.reason());
    assertFalse(verifier(s).supports(TeeType.SNP));
  }

  @Test
  void timeIsAnInputAndExpiredCollateralIsNamed() throws Exception {
    Sample s = DcapVectors.named("dcap-qvl-tdx-v4-uptodate");
    Instant late = Instant.parse("2025-08-01T00:00:00Z");
    EvidenceException e =
        assertThrows(
            EvidenceException.class, () -> verifier(s).verify(TeeType.TDX, s.quote(), late));
    assertTrue(e.failedChecks().contains("tcb_info_fresh"), e.failedChecks().toString());
    assertTrue(e.failedChecks().contains("qe_identity_fresh"), e.failedChecks().toString());
  }

  @Test
  void failuresNameEveryFailedCheck() throws Exception {
    Sample s = DcapVectors.named("dcap-qvl-tdx-v4-neg-attest-key-flip");
    DcapException e =
        assertThrows(DcapException.class, () -> verifier(s).verifyQuote(s.quote(), s.at()));
    assertTrue(
        e.failedChecks()
            .containsAll(
                java.util.List.of("quote_signature", "qe_report_data_binds_attestation_key")));
    assertEquals(DcapException.Reason.SIGNATURE_INVALID, e.reason());
  }

  @Test
  void noMatchingTcbIsTcbNotAccepted() throws Exception {
    Sample s = DcapVectors.named("go-tdx-guest-v4-spr-e4-no-matching-tcb");
    EvidenceException e =
        assertThrows(
            EvidenceException.class, () -> verifier(s).verify(TeeType.TDX, s.quote(), s.at()));
    assertEquals(EvidenceException.Reason.TCB_NOT_ACCEPTED, e.reason());
    assertEquals(java.util.List.of("tcb_level_match"), e.failedChecks());
  }

  @Test
  void unknownBytesAreMalformed() throws Exception {
    Sample s = DcapVectors.named("dcap-qvl-tdx-v4-uptodate");
    EvidenceException e =
        assertThrows(
            EvidenceException.class,
            () -> verifier(s).verify(TeeType.TDX, Bytes.fromHex("0400"), s.at()));
    assertEquals(EvidenceException.Reason.MALFORMED, e.reason());
  }

  @Test
  void freshnessGraceIsPolicy() throws Exception {
    Sample s = DcapVectors.named("dcap-qvl-tdx-v4-uptodate");
    Instant justAfter = Instant.parse("2025-07-19T11:00:00Z");
    CollateralFreshnessPolicy lenient =
        new CollateralFreshnessPolicy(
            Duration.ofDays(2), Optional.empty(), Duration.ofHours(1), Duration.ofSeconds(10));
    QuoteReport strict = verifier(s).inspect(s.quote(), justAfter);
    QuoteReport graced =
        new DcapEvidenceVerifier(s.collateral(), DcapVectors.anchors(), lenient)
            .inspect(s.quote(), justAfter);
    assertTrue(strict.failedChecks().contains("qe_identity_fresh"));
    assertFalse(graced.failedChecks().contains("qe_identity_fresh"));
    assertFalse(graced.failedChecks().contains("tcb_info_fresh"));
  }

  @Test
  void hotPathReusesOnlyWithinTheWindow() throws Exception {
    Sample s = DcapVectors.named("dcap-qvl-tdx-v4-uptodate");
    DcapEvidenceVerifier v = verifier(s);
    assertTrue(v.inspect(s.quote(), s.at()).passed());
    assertTrue(v.inspect(s.quote(), s.at().plusSeconds(60)).passed());
    assertFalse(v.inspect(s.quote(), Instant.parse("2025-09-01T00:00:00Z")).passed());
    assertFalse(v.inspect(s.quote(), Instant.parse("2025-06-01T00:00:00Z")).passed());
    assertTrue(v.inspect(s.quote(), s.at()).passed());
  }
}

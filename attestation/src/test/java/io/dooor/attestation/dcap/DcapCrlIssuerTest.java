package io.dooor.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.attestation.dcap.DcapVectors.Sample;
import io.dooor.attestation.intel.CollateralRequest;
import io.dooor.attestation.intel.IntelCollateral;
import io.dooor.common.Bytes;
import org.junit.jupiter.api.Test;

/**
 * The PCK CRL and the Root CA CRL are tied to their issuers by name, key identifier and signature:
 * real Intel CRLs put in each other's place are refused by the strict issuer checks, not ignored.
 */
class DcapCrlIssuerTest {
  private static IntelCollateral collateral(Sample s) throws Exception {
    return s.collateral()
        .collateral(
            new CollateralRequest(
                true, Bytes.fromHex("b0c06f000000"), CollateralRequest.PckCa.PLATFORM));
  }

  private static IntelCollateral withCrls(IntelCollateral c, Bytes rootCrl, Bytes pckCrl) {
    return new IntelCollateral(
        c.pckCrlIssuerChain(),
        rootCrl,
        pckCrl,
        c.tcbInfoIssuerChain(),
        c.tcbInfoBody(),
        c.tcbInfoSignature(),
        c.qeIdentityIssuerChain(),
        c.qeIdentityBody(),
        c.qeIdentitySignature());
  }

  private static QuoteReport run(Sample s, IntelCollateral c) throws Exception {
    return new DcapEvidenceVerifier(req -> c, DcapVectors.anchors()).inspect(s.quote(), s.at());
  }

  @Test
  void theRootCrlInPlaceOfThePckCrlIsRefusedByTheIssuerChecks() throws Exception {
    Sample s = DcapVectors.named("dcap-qvl-tdx-v4-uptodate");
    IntelCollateral good = collateral(s);
    assertThat(run(s, good).passed()).isTrue();
    QuoteReport r = run(s, withCrls(good, good.rootCaCrl(), good.rootCaCrl()));
    assertThat(r.passed()).isFalse();
    assertThat(r.failedChecks()).contains("pck_crl_issuer_matches_pck_ca");
  }

  @Test
  void thePckCrlInPlaceOfTheRootCrlIsRefusedByTheIssuerChecks() throws Exception {
    Sample s = DcapVectors.named("dcap-qvl-tdx-v4-uptodate");
    IntelCollateral good = collateral(s);
    QuoteReport r = run(s, withCrls(good, good.pckCrl(), good.pckCrl()));
    assertThat(r.passed()).isFalse();
    assertThat(r.failedChecks()).contains("root_ca_crl_issuer");
  }
}

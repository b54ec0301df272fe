package io.dooor.attestation.nitro;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.attestation.pki.PkiVectors;
import io.dooor.attestation.pki.SampleManifest;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.VerifiedEvidence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every Nitro sample gives its manifest verdict; all failures are reported at once. */
class NitroVectorsTest {
  static Bytes evidence(SampleManifest s) throws Exception {
    String b64 = new String(s.read(s.evidenceFile()), StandardCharsets.US_ASCII).trim();
    return Bytes.fromBase64(b64);
  }

  static NitroEvidenceVerifier verifier() throws Exception {
    return new NitroEvidenceVerifier(PkiVectors.anchors());
  }

  @Test
  void everySampleGivesItsManifestVerdict() throws Exception {
    NitroEvidenceVerifier v = verifier();
    List<SampleManifest> samples = SampleManifest.all("nitro");
    assertThat(samples).hasSizeGreaterThanOrEqualTo(3);
    List<String> failures = new ArrayList<>();
    for (SampleManifest s : samples) {
      String want =
          s.valid()
              ? "valid NotApplicable debug=true"
              : "invalid " + List.of(s.failingCheck().orElseThrow());
      String got = outcome(v, s);
      if (!got.equals(want)) {
        failures.add(s.name() + ": want " + want + ", got " + got);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void claimsOfTheValidSample() throws Exception {
    SampleManifest s = SampleManifest.all("nitro").get(0);
    VerifiedEvidence e = v().verify(TeeType.NITRO, evidence(s), s.verificationTime());
    assertThat(e.measurements()).containsKeys("PCR0", "PCR15", "MODULE_ID");
    assertThat(e.measurements().get("MODULE_ID"))
        .isEqualTo("i-0bbf1bfe232b8c2ce-enc0191ba35c9d1b77a");
    assertThat(e.measurements().get("PCR3")).startsWith("671ca1e328f75015");
    assertThat(e.numbers().get("TIMESTAMP_MS")).isEqualTo(1725911352400L);
    assertThat(e.reportData().hex()).startsWith("1220c682bc6c814a");
  }

  private static NitroEvidenceVerifier v() throws Exception {
    return verifier();
  }

  private static String outcome(NitroEvidenceVerifier v, SampleManifest s) throws Exception {
    try {
      VerifiedEvidence e = v.verify(TeeType.NITRO, evidence(s), s.verificationTime());
      return String.format(Locale.ROOT, "valid %s debug=%b", e.tcbStatus(), e.debug());
    } catch (EvidenceException e) {
      return "invalid " + e.failedChecks();
    }
  }
}

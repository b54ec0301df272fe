package io.dooor.attestation.snp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.attestation.pki.PkiVectors;
import io.dooor.attestation.pki.SampleManifest;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.VerifiedEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every SNP sample gives its manifest verdict; all failures are reported at once. */
class SnpVectorsTest {
  static Bytes evidence(SampleManifest s) throws Exception {
    byte[] report = s.read(s.evidenceFile());
    byte[] cert = s.read(s.leafFile().orElseThrow());
    byte[] all = new byte[report.length + cert.length];
    System.arraycopy(report, 0, all, 0, report.length);
    System.arraycopy(cert, 0, all, report.length, cert.length);
    return Bytes.of(all);
  }

  static SnpEvidenceVerifier verifier() throws Exception {
    TrustAnchors anchors = PkiVectors.anchors();
    return new SnpEvidenceVerifier(anchors, new TrustFolderSnpCollateral(anchors, List.of()));
  }

  @Test
  void everySampleGivesItsManifestVerdict() throws Exception {
    SnpEvidenceVerifier v = verifier();
    List<SampleManifest> samples = SampleManifest.all("snp");
    assertThat(samples).hasSizeGreaterThanOrEqualTo(6);
    List<String> failures = new ArrayList<>();
    for (SampleManifest s : samples) {
      String got = outcome(v, s);
      String want = expected(s);
      if (!got.equals(want)) {
        failures.add(s.name() + ": want " + want + ", got " + got);
      }
    }
    assertThat(failures).isEmpty();
  }

  private static String expected(SampleManifest s) {
    if (!s.valid()) {
      return "invalid " + List.of(s.failingCheck().orElseThrow());
    }
    boolean debug = s.policyFailure().map(p -> p.equals("policy.debug")).orElse(false);
    return "valid UpToDate debug=" + debug;
  }

  private static String outcome(SnpEvidenceVerifier v, SampleManifest s) throws Exception {
    try {
      VerifiedEvidence e = v.verify(TeeType.SNP, evidence(s), s.verificationTime());
      assertThat(e.reportData().length()).isEqualTo(64);
      return String.format(Locale.ROOT, "valid %s debug=%b", e.tcbStatus(), e.debug());
    } catch (EvidenceException e) {
      return "invalid " + e.failedChecks();
    }
  }
}

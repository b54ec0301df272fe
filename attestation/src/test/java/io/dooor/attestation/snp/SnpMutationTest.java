package io.dooor.attestation.snp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.attestation.pki.SampleManifest;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Flips bit 0 of every byte of every valid SNP sample (report and appended VCEK) and checks the
 * refusal reason: in the signed report region the report signature check fails (or the parser
 * refuses an unsupported VERSION/SIGNATURE_ALGO), in R/S the signature fails, in the reserved tail
 * the parser refuses, and in the VCEK (every 4th byte, random phase printed) either parsing or the
 * VCEK -> ASK link fails.
 */
class SnpMutationTest {
  @Test
  void everyOneByteMutationOfEveryValidSampleIsRefusedForTheRightReason() throws Exception {
    SnpEvidenceVerifier v = SnpVectorsTest.verifier();
    int phase =
        Integer.getInteger("dooor.mutation.phase", new java.security.SecureRandom().nextInt(4)) % 4;
    System.out.println("SnpMutationTest certificate-byte phase " + phase);
    List<String> failures = new ArrayList<>();
    int mutations = 0;
    for (SampleManifest s : SampleManifest.all("snp")) {
      if (!s.valid()) {
        continue;
      }
      byte[] good = SnpVectorsTest.evidence(s).toArray();
      v.verify(TeeType.SNP, Bytes.of(good), s.verificationTime());
      for (int i = 0; i < good.length; i++) {
        if (i >= 0x4A0 && i % 4 != phase) {
          continue;
        }
        byte[] bad = good.clone();
        bad[i] ^= 0x01;
        mutations++;
        String problem = judge(v, bad, i, s);
        if (problem != null) {
          failures.add(String.format(Locale.ROOT, "%s offset 0x%x: %s", s.name(), i, problem));
        }
      }
    }
    assertThat(mutations).isGreaterThan(2 * (0x4A0 + 300));
    assertThat(failures).isEmpty();
  }

  @Test
  void trailingBytesAreDefined() throws Exception {
    SnpEvidenceVerifier v = SnpVectorsTest.verifier();
    SampleManifest s =
        SampleManifest.all("snp").stream().filter(SampleManifest::valid).findFirst().orElseThrow();
    byte[] good = SnpVectorsTest.evidence(s).toArray();
    for (byte[] bad :
        List.of(
            append(good, (byte) 0),
            java.util.Arrays.copyOf(good, good.length - 1),
            java.util.Arrays.copyOf(good, 0x4A0 + 1),
            java.util.Arrays.copyOf(good, 0x49F))) {
      try {
        v.verify(TeeType.SNP, Bytes.of(bad), s.verificationTime());
        throw new AssertionError("accepted " + bad.length + " bytes");
      } catch (EvidenceException e) {
        assertThat(e.reason()).isEqualTo(EvidenceException.Reason.MALFORMED);
      }
    }
  }

  private static byte[] append(byte[] a, byte b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }

  private static String judge(SnpEvidenceVerifier v, byte[] bad, int i, SampleManifest s) {
    try {
      v.verify(TeeType.SNP, Bytes.of(bad), s.verificationTime());
      return "accepted";
    } catch (EvidenceException e) {
      boolean parse = e.getMessage().startsWith("report_parse");
      boolean sig = e.failedChecks().contains("report_signature_by_vcek_p384");
      boolean chain =
          e.failedChecks().contains("vcek_signed_by_ask")
              || e.getMessage().startsWith("signing_key_issuer");
      boolean ok;
      if (i < 0x2A0) {
        boolean header = i < 4 || (i >= 0x34 && i < 0x38);
        ok = sig || (header && parse);
      } else if (i < 0x330) {
        ok = sig && !parse;
      } else if (i < 0x4A0) {
        ok = parse && e.reason() == EvidenceException.Reason.MALFORMED;
      } else {
        ok = chain || e.reason() == EvidenceException.Reason.MALFORMED;
      }
      return ok ? null : e.reason() + " " + e.failedChecks();
    }
  }
}

package io.dooor.attestation.nitro;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.attestation.pki.SampleManifest;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * One-byte mutations (bit 0 flipped) of the valid Nitro sample: every byte outside the embedded
 * certificates, and every 16th certificate byte (from a random phase, printed). Outside the
 * certificates the COSE signature check must fail (or the parser refuse); inside, parsing or a
 * chain link must fail.
 */
class NitroMutationTest {
  @Test
  void oneByteMutationsAreRefusedForTheRightReason() throws Exception {
    NitroEvidenceVerifier v = NitroVectorsTest.verifier();
    int phase = Integer.getInteger("dooor.mutation.phase", new SecureRandom().nextInt(16)) % 16;
    System.out.println("NitroMutationTest certificate-byte phase " + phase);
    List<String> failures = new ArrayList<>();
    for (SampleManifest s : SampleManifest.all("nitro")) {
      if (!s.valid()) {
        continue;
      }
      byte[] good = NitroVectorsTest.evidence(s).toArray();
      NitroDocument doc = NitroDocumentParser.parse(Bytes.of(good));
      boolean[] inCert = certificateBytes(good, doc);
      for (int i = 0; i < good.length; i++) {
        if (inCert[i] && i % 16 != phase) {
          continue;
        }
        byte[] bad = good.clone();
        bad[i] ^= 0x01;
        String p = judge(v, bad, inCert[i], s);
        if (p != null) {
          failures.add(String.format(Locale.ROOT, "%s offset %d: %s", s.name(), i, p));
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  private static boolean[] certificateBytes(byte[] doc, NitroDocument d) {
    boolean[] mark = new boolean[doc.length];
    List<Bytes> certs = new ArrayList<>(d.cabundle());
    certs.add(d.certificate());
    for (Bytes c : certs) {
      int at = indexOf(doc, c.toArray());
      for (int i = at; i >= 0 && i < at + c.length(); i++) {
        mark[i] = true;
      }
    }
    return mark;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String judge(NitroEvidenceVerifier v, byte[] bad, boolean cert, SampleManifest s) {
    try {
      v.verify(TeeType.NITRO, Bytes.of(bad), s.verificationTime());
      return "accepted";
    } catch (EvidenceException e) {
      boolean parse = e.reason() == Reason.MALFORMED;
      boolean sig = e.failedChecks().contains("cose_sign1_es384_signature_leaf_key");
      boolean chain =
          e.failedChecks().stream().anyMatch(c -> c.startsWith("cert") || c.startsWith("cabundle"));
      boolean ok = cert ? parse || chain : parse || sig;
      return ok ? null : e.reason() + " " + e.failedChecks();
    }
  }
}

package io.dooor.attestation.dcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dooor.attestation.dcap.DcapVectors.Sample;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomized (seed printed): truncations and multi-byte overwrites of the real quotes only ever
 * yield a DcapException from the parser, and the full verifier's report never throws and never
 * passes a changed signed region.
 */
class DcapParserPropertyTest {
  @Test
  void damagedQuotesOnlyYieldOwnFailures() throws Exception {
    long seed = new SecureRandom().nextLong();
    System.out.println("DcapParserPropertyTest seed " + seed);
    Random rnd = new Random(seed);
    TrustAnchors anchors = DcapVectors.anchors();
    int runs = 0;
    for (Sample s : DcapVectors.all()) {
      if (s.negative()) {
        continue;
      }
      DcapEvidenceVerifier v = new DcapEvidenceVerifier(s.collateral(), anchors);
      byte[] good = s.quote().toArray();
      int signed = DcapQuoteParser.parse(s.quote()).signedRegion().length();
      for (int i = 0; i < 150; i++) {
        byte[] b =
            rnd.nextBoolean()
                ? Arrays.copyOf(good, rnd.nextInt(good.length))
                : overwrite(good, rnd, signed);
        try {
          DcapQuoteParser.parse(Bytes.of(b));
        } catch (DcapException expected) {
          // allowed
        }
        QuoteReport r = v.inspect(Bytes.of(b), s.at());
        boolean changedSigned = !Arrays.equals(b, 0, Math.min(signed, b.length), good, 0, signed);
        assertTrue(
            !(r.passed() && changedSigned),
            "seed " + seed + ": " + s.name() + " accepted a changed signed region");
        runs++;
      }
    }
    assertTrue(runs > 500, "ran " + runs);
  }

  private static byte[] overwrite(byte[] good, Random rnd, int signed) {
    byte[] b = good.clone();
    int n = 1 + rnd.nextInt(8);
    int at = rnd.nextInt(b.length);
    for (int k = 0; k < n && at + k < b.length; k++) {
      b[at + k] = (byte) rnd.nextInt(256);
    }
    if (rnd.nextInt(4) == 0) {
      b[rnd.nextInt(signed)] ^= (byte) (1 + rnd.nextInt(255));
    }
    return b;
  }
}

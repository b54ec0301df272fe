package io.dooor.attestation.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Runs every Wycheproof ECDSA P-256/P-384 (DER and P1363) and RSA-PSS-4096 vector through the exact
 * adapters the verifiers use, and reports all failures at once. {@code acceptable} cases may go
 * either way.
 */
class WycheproofSignatureTest {
  @FunctionalInterface
  interface Check {
    void verify(PublicKey key, Bytes msg, Bytes sig) throws Exception;
  }

  @Test
  void ecdsaP256Der() throws Exception {
    run("ecdsa_secp256r1_sha256_test.json", "EC", (k, m, s) -> ecdsa(k).verifyDer(m, s));
  }

  @Test
  void ecdsaP256P1363() throws Exception {
    run("ecdsa_secp256r1_sha256_p1363_test.json", "EC", (k, m, s) -> ecdsa(k).verifyP1363(m, s));
  }

  @Test
  void ecdsaP384Der() throws Exception {
    run("ecdsa_secp384r1_sha384_test.json", "EC", (k, m, s) -> ecdsa(k).verifyDer(m, s));
  }

  @Test
  void ecdsaP384P1363() throws Exception {
    run("ecdsa_secp384r1_sha384_p1363_test.json", "EC", (k, m, s) -> ecdsa(k).verifyP1363(m, s));
  }

  @Test
  void ecdsaP384LittleEndianFormOfP1363() throws Exception {
    run(
        "ecdsa_secp384r1_sha384_p1363_test.json",
        "EC",
        (k, m, s) -> {
          byte[] rs = s.toArray();
          if (rs.length != 96) {
            throw new PkiException(PkiException.Reason.SIGNATURE_INVALID, "length");
          }
          ecdsa(k).verifyLittleEndian(m, le72(rs, 0), le72(rs, 48));
        });
  }

  @Test
  void rsaPss4096Sha384Salt48() throws Exception {
    run("rsa_pss_4096_sha384_mgf1_48_test.json", "RSA", RsaPssVerifier::verifySha384);
  }

  private static Bytes le72(byte[] rs, int off) {
    byte[] out = new byte[72];
    for (int i = 0; i < 48; i++) {
      out[i] = rs[off + 47 - i];
    }
    return Bytes.of(out);
  }

  private static EcdsaVerifier ecdsa(PublicKey k) throws PkiException {
    return EcdsaVerifier.of(k);
  }

  private static void run(String file, String keyAlg, Check check) throws Exception {
    WycheproofVectors.File f =
        WycheproofVectors.load(PkiVectors.root().resolve("wycheproof").resolve(file));
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (WycheproofVectors.Group g : f.groups()) {
      KeyFactory kf =
          keyAlg.equals("RSA") ? KeyFactory.getInstance("RSA") : KeyFactory.getInstance("EC");
      PublicKey key = kf.generatePublic(new X509EncodedKeySpec(g.publicKeyDer().toArray()));
      for (WycheproofVectors.Case c : g.tests()) {
        ran++;
        boolean accepted = accepts(check, key, c);
        boolean ok =
            switch (c.result()) {
              case VALID -> accepted;
              case INVALID -> !accepted;
              case ACCEPTABLE -> true;
            };
        if (!ok) {
          failures.add(
              String.format(
                  Locale.ROOT,
                  "tc %d (%s %s): accepted=%b",
                  c.tcId(),
                  c.comment(),
                  c.flags(),
                  accepted));
        }
      }
    }
    assertThat(ran).as(file + " test count").isEqualTo(f.numberOfTests()).isEqualTo(f.count());
    assertThat(failures).as(file + " failures").isEmpty();
  }

  private static boolean accepts(Check check, PublicKey key, WycheproofVectors.Case c) {
    try {
      check.verify(key, c.msg(), c.sig());
      return true;
    } catch (PkiException e) {
      return false;
    } catch (Exception e) {
      throw new AssertionError("tc " + c.tcId() + " threw " + e, e);
    }
  }
}

package io.dooor.attestation.dcap;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.attestation.pki.EcdsaVerifier;
import io.dooor.attestation.pki.PkiException;
import io.dooor.common.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof ECDSA P-256/SHA-256 vectors (DER and P1363) through exactly the calls the DCAP
 * verifier makes: {@code EcdsaVerifier.fromRawPoint(P256, x||y).verifyP1363} for the quote
 * signature (raw attestation key), {@code EcdsaVerifier.of(certificate key).verifyP1363} for the QE
 * report, TCB info and QE identity signatures, and {@code verifyDer} as for certificates and CRLs.
 * "acceptable" cases may go either way; every other mismatch is reported, all at once.
 */
class DcapWycheproofTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode load(String file) throws Exception {
    Path p =
        Path.of(System.getProperty("dooor.vectors", "../../shared/vectors"))
            .resolve("wycheproof")
            .resolve(file);
    assumeTrue(Files.exists(p), "Wycheproof suite skipped: no " + p);
    return JSON.readTree(p.toFile());
  }

  @Test
  void p1363VectorsThroughTheQuoteAndCollateralCalls() throws Exception {
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (JsonNode g : load("ecdsa_secp256r1_sha256_p1363_test.json").get("testGroups")) {
      Bytes xy = raw(g.at("/publicKey/wx").asText(), g.at("/publicKey/wy").asText());
      byte[] spki = Bytes.fromHex(g.get("publicKeyDer").asText()).toArray();
      for (JsonNode t : g.get("tests")) {
        Bytes msg = Bytes.fromHex(t.get("msg").asText());
        Bytes sig = Bytes.fromHex(t.get("sig").asText());
        boolean raw =
            attempt(
                () ->
                    EcdsaVerifier.fromRawPoint(EcdsaVerifier.Curve.P256, xy).verifyP1363(msg, sig));
        boolean cert = attempt(() -> EcdsaVerifier.of(spki(spki)).verifyP1363(msg, sig));
        n++;
        judge(t, raw, "raw-key P1363", failures);
        judge(t, cert, "certificate-key P1363", failures);
      }
    }
    assertTrue(n > 200, "ran " + n);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void derVectorsThroughTheCertificateCall() throws Exception {
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (JsonNode g : load("ecdsa_secp256r1_sha256_test.json").get("testGroups")) {
      byte[] spki = Bytes.fromHex(g.get("publicKeyDer").asText()).toArray();
      for (JsonNode t : g.get("tests")) {
        Bytes msg = Bytes.fromHex(t.get("msg").asText());
        Bytes sig = Bytes.fromHex(t.get("sig").asText());
        n++;
        judge(t, attempt(() -> EcdsaVerifier.of(spki(spki)).verifyDer(msg, sig)), "DER", failures);
      }
    }
    assertTrue(n > 400, "ran " + n);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  private interface Call {
    void run() throws Exception;
  }

  private static boolean attempt(Call c) {
    try {
      c.run();
      return true;
    } catch (PkiException e) {
      return false;
    } catch (Exception e) {
      throw new AssertionError("adapter threw a non-PKI exception: " + e, e);
    }
  }

  private static void judge(JsonNode t, boolean ok, String path, List<String> failures) {
    String result = t.get("result").asText();
    if (result.equals("acceptable")) {
      return;
    }
    if (ok != result.equals("valid")) {
      failures.add(
          path
              + " tcId "
              + t.get("tcId").asInt()
              + " ("
              + t.get("comment").asText()
              + "): want "
              + result
              + ", got "
              + (ok ? "valid" : "invalid"));
    }
  }

  private static java.security.PublicKey spki(byte[] der) throws Exception {
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
  }

  /** Wycheproof's wx/wy may carry a sign byte; quotes carry exactly 32+32 bytes. */
  private static Bytes raw(String wx, String wy) {
    return Bytes.fromHex(pad(wx) + pad(wy));
  }

  private static String pad(String h) {
    String s = h.length() > 64 ? h.substring(h.length() - 64) : h;
    return "0".repeat(64 - s.length()) + s;
  }
}

package io.dooor.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.common.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every C2SP Wycheproof Ed25519 and ECDSA P-256 / P-384 vector (DER and P1363) through the toolbox:
 * {@link Ed25519PublicKey} and {@link EcdsaPublicKey}. All failures are reported together; a key
 * the toolbox refuses counts as "invalid"; "acceptable" vectors may go either way, and how they
 * went is counted, so that a change of behaviour shows.
 */
class WycheproofTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @FunctionalInterface
  interface Check {
    void verify(JsonNode group, byte[] msg, byte[] sig) throws GeneralSecurityException;
  }

  @Test
  void ed25519() throws Exception {
    assertThat(run("ed25519_test.json", WycheproofTest::ed25519)).isEmpty();
  }

  @Test
  void ecdsaP256Der() throws Exception {
    assertThat(run("ecdsa_secp256r1_sha256_test.json", (g, m, s) -> ec(g).verifyDer(m, s)))
        .isEmpty();
  }

  @Test
  void ecdsaP256P1363() throws Exception {
    assertThat(run("ecdsa_secp256r1_sha256_p1363_test.json", (g, m, s) -> ec(g).verifyRaw(m, s)))
        .isEmpty();
  }

  @Test
  void ecdsaP384Der() throws Exception {
    assertThat(run("ecdsa_secp384r1_sha384_test.json", (g, m, s) -> ec(g).verifyDer(m, s)))
        .isEmpty();
  }

  @Test
  void ecdsaP384P1363() throws Exception {
    assertThat(run("ecdsa_secp384r1_sha384_p1363_test.json", (g, m, s) -> ec(g).verifyRaw(m, s)))
        .isEmpty();
  }

  private static void ed25519(JsonNode group, byte[] msg, byte[] sig)
      throws GeneralSecurityException {
    Bytes pk = Bytes.fromHex(group.get("publicKey").get("pk").asText());
    Ed25519PublicKey.parse(pk).verify(msg, sig);
  }

  private static EcdsaPublicKey ec(JsonNode group) throws GeneralSecurityException {
    JsonNode key = group.get("publicKey");
    EcCurve curve = key.get("curve").asText().equals("secp384r1") ? EcCurve.P384 : EcCurve.P256;
    return EcdsaPublicKey.fromUncompressed(curve, Bytes.fromHex(key.get("uncompressed").asText()));
  }

  private static List<String> run(String file, Check check) throws Exception {
    Path path = Path.of(System.getProperty("dooor.vectors", ""), "wycheproof", file);
    assumeTrue(Files.isRegularFile(path), "Wycheproof vectors absent: " + path + " (skipped)");
    JsonNode root = JSON.readTree(path.toFile());
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (JsonNode group : root.get("testGroups")) {
      for (JsonNode t : group.get("tests")) {
        count++;
        String result = t.get("result").asText();
        boolean ok = verifies(check, group, t);
        if (!result.equals("acceptable") && result.equals("valid") != ok) {
          failures.add(
              file
                  + " tcId "
                  + t.get("tcId")
                  + " ("
                  + t.get("comment").asText()
                  + ")"
                  + ": expected "
                  + result
                  + ", got "
                  + (ok ? "valid" : "invalid"));
        }
      }
    }
    assertThat(count).isEqualTo(root.get("numberOfTests").asInt());
    return failures;
  }

  private static boolean verifies(Check check, JsonNode group, JsonNode t) {
    try {
      check.verify(
          group,
          Bytes.fromHex(t.get("msg").asText()).toArray(),
          Bytes.fromHex(t.get("sig").asText()).toArray());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}

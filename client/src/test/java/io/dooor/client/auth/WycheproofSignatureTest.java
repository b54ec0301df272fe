package io.dooor.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.common.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * C2SP Wycheproof vectors through {@link PublicKeys} and {@link CallerPublicKey#verify}: Ed25519
 * (eddsa_verify_schema_v1) and ECDSA P-256 / SHA-256 in P1363 (r || s) form, which is the RFC 9421
 * §3.3.4 encoding. Every vector runs; all failures are reported together. A key the parser refuses
 * counts as "invalid". "acceptable" vectors may go either way.
 */
class WycheproofSignatureTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void ed25519() throws Exception {
    assertThat(run("ed25519_test.json")).isEmpty();
  }

  @Test
  void ecdsaP256Sha256P1363() throws Exception {
    assertThat(run("ecdsa_secp256r1_sha256_p1363_test.json")).isEmpty();
  }

  private static List<String> run(String file) throws Exception {
    String dir = System.getProperty("dooor.vectors", "");
    Path path = Path.of(dir, "wycheproof", file);
    assumeTrue(Files.isRegularFile(path), "Wycheproof vectors absent: " + path + " (skipped)");
    JsonNode root = JSON.readTree(path.toFile());
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (JsonNode group : root.get("testGroups")) {
      Bytes der = Bytes.fromHex(group.get("publicKeyDer").asText());
      for (JsonNode t : group.get("tests")) {
        count++;
        String result = t.get("result").asText();
        boolean ok =
            verifies(
                der, Bytes.fromHex(t.get("msg").asText()), Bytes.fromHex(t.get("sig").asText()));
        if (result.equals("valid") != ok && !result.equals("acceptable")) {
          failures.add(
              file
                  + " tcId "
                  + t.get("tcId")
                  + " ("
                  + t.get("comment").asText()
                  + "): expected "
                  + result);
        }
      }
    }
    assertThat(count).isEqualTo(root.get("numberOfTests").asInt());
    return failures;
  }

  private static boolean verifies(Bytes der, Bytes msg, Bytes sig) {
    try {
      PublicKeys.parseSpki(der).verify(msg, sig);
      return true;
    } catch (AuthException e) {
      return false;
    }
  }
}

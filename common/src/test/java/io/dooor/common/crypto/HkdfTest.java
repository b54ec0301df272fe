package io.dooor.common.crypto;

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
 * Wycheproof hkdf_sha256_test.json (RFC 5869's cases among them): every vector runs, failures
 * reported together; "invalid" vectors ask for more than 255 x 32 bytes and must be refused.
 */
class HkdfTest {
  @Test
  void wycheproofVectors() throws Exception {
    Path path =
        Path.of(System.getProperty("dooor.vectors", ""), "wycheproof", "hkdf_sha256_test.json");
    assumeTrue(Files.isRegularFile(path), "Wycheproof vectors absent: " + path + " (skipped)");
    JsonNode root = new ObjectMapper().readTree(path.toFile());
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (JsonNode group : root.get("testGroups")) {
      for (JsonNode t : group.get("tests")) {
        count++;
        String got = derive(t);
        boolean valid = t.get("result").asText().equals("valid");
        if (valid ? !t.get("okm").asText().equals(got) : got != null) {
          failures.add("tcId " + t.get("tcId") + " (" + t.get("comment").asText() + ")");
        }
      }
    }
    assertThat(count).isEqualTo(root.get("numberOfTests").asInt());
    assertThat(failures).isEmpty();
  }

  private static String derive(JsonNode t) {
    try {
      byte[] okm =
          Hkdf.sha256(hex(t, "ikm"), hex(t, "salt"), hex(t, "info"), t.get("size").asInt());
      return Bytes.of(okm).hex();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] hex(JsonNode t, String field) {
    return Bytes.fromHex(t.get(field).asText()).toArray();
  }
}

package io.dooor.attestation.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Typed loader for Wycheproof signature-verification files (testvectors_v1 schema). */
final class WycheproofVectors {
  enum Result {
    VALID,
    INVALID,
    ACCEPTABLE
  }

  record Case(int tcId, String comment, List<String> flags, Bytes msg, Bytes sig, Result result) {}

  record Group(Bytes publicKeyDer, String sha, List<Case> tests) {}

  record File(String algorithm, int numberOfTests, List<Group> groups) {
    int count() {
      return groups.stream().mapToInt(g -> g.tests().size()).sum();
    }
  }

  private WycheproofVectors() {}

  static File load(Path path) throws IOException {
    JsonNode root = new ObjectMapper().readTree(path.toFile());
    List<Group> groups = new ArrayList<>();
    for (JsonNode g : root.get("testGroups")) {
      List<Case> cases = new ArrayList<>();
      for (JsonNode t : g.get("tests")) {
        List<String> flags = new ArrayList<>();
        t.path("flags").forEach(f -> flags.add(f.asText()));
        cases.add(
            new Case(
                t.get("tcId").asInt(),
                t.path("comment").asText(),
                flags,
                Bytes.fromHex(t.get("msg").asText()),
                Bytes.fromHex(t.get("sig").asText()),
                Result.valueOf(t.get("result").asText().toUpperCase(Locale.ROOT))));
      }
      groups.add(
          new Group(Bytes.fromHex(g.get("publicKeyDer").asText()), g.path("sha").asText(), cases));
    }
    return new File(root.get("algorithm").asText(), root.get("numberOfTests").asInt(), groups);
  }
}

package io.dooor.attestation.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Typed view of one sample's manifest.json under ../shared/vectors/attestation/&lt;format&gt;/.
 *
 * @param evidenceFile the report / document file named by the manifest
 * @param failingCheck the check that must fail (negative samples), if any
 * @param policyFailure the policy check that must fail although the evidence verifies, if any
 */
public record SampleManifest(
    String name,
    Path dir,
    Instant verificationTime,
    boolean valid,
    Optional<String> failingCheck,
    Optional<String> policyFailure,
    String evidenceFile,
    Optional<String> leafFile) {

  /** Every sample of {@code format} ("snp", "nitro"), sorted by name. */
  public static List<SampleManifest> all(String format) throws IOException {
    Path base = PkiVectors.root().resolve("attestation").resolve(format);
    List<SampleManifest> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(base)) {
      for (Path d : dirs.sorted().toList()) {
        out.add(load(d, base.getParent()));
      }
    }
    return out;
  }

  private static SampleManifest load(Path dir, Path attestation) throws IOException {
    JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
    JsonNode origin = m;
    if (m.has("negative_of")) {
      origin =
          new ObjectMapper()
              .readTree(
                  attestation
                      .resolve(m.get("negative_of").asText())
                      .resolve("manifest.json")
                      .toFile());
    }
    JsonNode verdict = m.get("expected_verdict");
    String v = verdict.isTextual() ? verdict.asText() : verdict.path("verdict").asText();
    boolean valid = !v.toLowerCase(Locale.ROOT).startsWith("invalid");
    String evidence =
        origin.has("report_file")
            ? origin.get("report_file").asText()
            : origin.get("file").asText();
    String leaf = origin.path("verifies_with").path("leaf").asText("");
    return new SampleManifest(
        m.get("name").asText(),
        dir,
        Instant.parse(m.get("verification_time").asText()),
        valid,
        text(m, "expected_failing_check"),
        text(verdict, "expected_policy_failure"),
        evidence,
        leaf.isEmpty() || leaf.contains(" ") ? Optional.empty() : Optional.of(leaf));
  }

  private static Optional<String> text(JsonNode n, String field) {
    return n.has(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
  }

  public byte[] read(String file) throws IOException {
    return Files.readAllBytes(dir.resolve(file));
  }
}

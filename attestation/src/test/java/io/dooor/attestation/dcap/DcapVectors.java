package io.dooor.attestation.dcap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.intel.OfflineCollateralBundle;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Typed loader for the Intel samples of ../shared/vectors/attestation/{tdx,sgx}. */
final class DcapVectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One sample: its quote, collateral folder, clock and manifest. */
  record Sample(String name, Path folder, Bytes quote, Instant at, JsonNode manifest) {
    boolean negative() {
      return manifest.has("negative_of");
    }

    String verdict() {
      JsonNode v = manifest.path("expected_verdict");
      return v.isTextual() ? v.asText() : v.path("verdict").asText("");
    }

    boolean hasCollateral() {
      try (Stream<Path> s = Files.list(folder)) {
        return s.anyMatch(p -> p.getFileName().toString().endsWith("collateral.json"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    OfflineCollateralBundle collateral() throws CollateralException {
      return OfflineCollateralBundle.load(hasCollateral() ? List.of(folder) : List.of());
    }
  }

  private DcapVectors() {}

  static Path root() {
    Path p = Path.of(System.getProperty("dooor.vectors", "../../shared/vectors"));
    assumeTrue(
        Files.isDirectory(p.resolve("attestation/tdx")),
        "DCAP vector suite skipped: no attestation vectors at " + p.toAbsolutePath());
    return p;
  }

  static TrustAnchors anchors() throws PkiException {
    return TrustAnchors.load(root().resolve("attestation/roots"));
  }

  static List<Sample> all() throws IOException {
    List<Sample> out = new ArrayList<>();
    for (String kind : List.of("tdx", "sgx")) {
      try (Stream<Path> s = Files.list(root().resolve("attestation").resolve(kind))) {
        for (Path f : s.sorted().toList()) {
          out.add(load(f));
        }
      }
    }
    return out;
  }

  static Sample load(Path folder) throws IOException {
    JsonNode m = JSON.readTree(folder.resolve("manifest.json").toFile());
    String file =
        m.has("quote_file") ? m.get("quote_file").asText() : m.at("/mutation/file").asText();
    return new Sample(
        folder.getFileName().toString(),
        folder,
        Bytes.of(Files.readAllBytes(folder.resolve(file))),
        Instant.parse(m.get("verification_time").asText()),
        m);
  }

  static Sample named(String name) throws IOException {
    return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}

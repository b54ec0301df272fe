package io.dooor.attestation.pki;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/vectors through the system property {@code dooor.vectors}. */
public final class PkiVectors {
  private PkiVectors() {}

  /** The vectors folder, or skips the calling test (naming the folder) when it is absent. */
  public static Path root() {
    String p = System.getProperty("dooor.vectors", "../../shared/vectors");
    Path root = Path.of(p);
    assumeTrue(Files.isDirectory(root), "test vectors folder absent: " + root.toAbsolutePath());
    return root;
  }

  public static Path roots() {
    return root().resolve("attestation/roots");
  }

  public static TrustAnchors anchors() throws PkiException {
    return TrustAnchors.load(roots());
  }
}

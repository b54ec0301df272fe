package io.dooor.server;

import io.dooor.audit.AuditException;
import io.dooor.audit.CheckpointSigner;
import io.dooor.common.OwnerOnlyFiles;
import io.dooor.core.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The deployment's checkpoint signing key: created once in the data folder, then reloaded. */
final class AuditSigners {
  private AuditSigners() {}

  /** The verifier key (C2SP note format) of the signer in {@code dataDir}, if there is one. */
  static java.util.Optional<String> verifierKey(Path dataDir) throws IOException {
    Path file = dataDir.resolve("audit-signer.key");
    if (!Files.exists(file)) {
      return java.util.Optional.empty();
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return java.util.Optional.of(CheckpointSigner.parse(text).verifierKey().toString());
    } catch (AuditException e) {
      throw new IOException("audit signer key in " + file + " is unusable: " + e.getMessage(), e);
    }
  }

  static CheckpointSigner loadOrCreate(Path dataDir, Principal deployment) throws IOException {
    Path file = dataDir.resolve("audit-signer.key");
    try {
      if (Files.exists(file)) {
        return CheckpointSigner.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
      }
      CheckpointSigner signer = CheckpointSigner.generate("dooor.dev/log/" + deployment.toText());
      OwnerOnlyFiles.writeNew(
          file, (signer.privateKeyString() + "\n").getBytes(StandardCharsets.UTF_8));
      return signer;
    } catch (AuditException e) {
      throw new IOException("audit signer key in " + file + " is unusable: " + e.getMessage(), e);
    }
  }
}

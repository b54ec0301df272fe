package io.dooor.server;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.IdentityException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The control plane's own caller identity (DESIGN §2), {@code DATA/control-plane.pem}: it signs the
 * control plane's requests to remote key-share holders, which accept only its principal. Created
 * (Ed25519, mode 0600) on first use, then reloaded; replicas sharing a database share the file.
 */
public final class ControlPlaneIdentity {
  /** The file name in the data folder. */
  public static final String FILE = "control-plane.pem";

  private ControlPlaneIdentity() {}

  /** The identity in {@code dataDir}, created if absent. */
  public static Identity loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        try {
          Identity.generate().save(file);
        } catch (FileAlreadyExistsException e) {
          // created concurrently: use that one
        }
      }
      return Identity.load(file);
    } catch (IdentityException e) {
      throw new IOException(
          "control-plane identity " + file + " is unusable: " + e.getMessage(), e);
    }
  }
}

package io.dooor.server;

import io.dooor.audit.AuditException;
import io.dooor.audit.CheckpointSigner;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.IdentityException;
import io.dooor.core.Principal;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The identity files a single deployment keeps in its data folder, read as candidates for the
 * shared {@link DeploymentIdentity} and checked against it: a replica whose file disagrees with the
 * database refuses to start, naming the file.
 */
final class LocalIdentityFiles {
  static final String DEPLOYMENT_ID = "deployment-id";
  static final String AUDIT_KEY = "audit-signer.key";
  static final String PUBLIC_KEY = "public-key.hex";

  private LocalIdentityFiles() {}

  static Principal canisterId(Path data) throws IOException {
    Path file = data.resolve(DEPLOYMENT_ID);
    try {
      return Principal.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a principal: " + e.getMessage(), e);
    }
  }

  static Optional<CheckpointSigner> auditSigner(Path data) throws IOException {
    Path file = data.resolve(AUDIT_KEY);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          CheckpointSigner.parse(Files.readString(file, StandardCharsets.UTF_8).strip()));
    } catch (AuditException e) {
      throw new IOException("audit signer key in " + file + " is unusable: " + e.getMessage(), e);
    }
  }

  static Optional<Identity> controlPlane(Path data) throws IOException {
    Path file = data.resolve(ControlPlaneIdentity.FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Identity.load(file));
    } catch (IdentityException e) {
      throw new IOException(file + " is unusable: " + e.getMessage(), e);
    }
  }

  /**
   * The threshold public key in the key-share folder; with embedded holders and none there yet, a
   * fresh sharing is generated first (as the first embedded start does).
   */
  static Optional<ThresholdPublicKey> publicKey(Path data, DeploymentConfig config)
      throws IOException, VetKdException {
    KeyShareFolder folder = KeyShareFolder.open(data);
    if (Files.exists(folder.path().resolve(PUBLIC_KEY))) {
      return Optional.of(folder.publicKey());
    }
    if (config.keyShareHolders().isEmpty()) {
      folder.loadOrGenerate();
      return Optional.of(folder.publicKey());
    }
    return Optional.empty();
  }

  /** Refuses, naming the file, if any identity file in {@code data} disagrees with {@code id}. */
  static void check(Path data, DeploymentIdentity id) throws IOException {
    if (Files.exists(data.resolve(DEPLOYMENT_ID)) && !canisterId(data).equals(id.canisterId())) {
      throw disagrees(data.resolve(DEPLOYMENT_ID), "vetKD canister id " + id.canisterId());
    }
    Optional<CheckpointSigner> audit = auditSigner(data);
    if (audit.isPresent()
        && !audit
            .get()
            .verifierKey()
            .toString()
            .equals(id.auditSigner().verifierKey().toString())) {
      throw disagrees(
          data.resolve(AUDIT_KEY), "audit verifier key " + id.auditSigner().verifierKey());
    }
    Optional<Identity> cp = controlPlane(data);
    if (cp.isPresent() && !cp.get().principal().equals(id.controlPlane().principal())) {
      throw disagrees(
          data.resolve(ControlPlaneIdentity.FILE),
          "control-plane principal " + id.controlPlane().principal());
    }
    KeyShareFolder folder = KeyShareFolder.open(data);
    Path pkFile = folder.path().resolve(PUBLIC_KEY);
    try {
      if (Files.exists(pkFile) && !folder.publicKey().equals(id.publicKey())) {
        throw disagrees(pkFile, "threshold public key of another sharing");
      }
    } catch (VetKdException e) {
      throw new IOException(pkFile + " is unusable: " + e.getMessage(), e);
    }
  }

  private static IOException disagrees(Path file, String database) {
    return new IOException(
        file
            + " disagrees with the deployment identity in the database ("
            + database
            + "): a replica joins the deployment's identity and never makes its own; remove the"
            + " file, or point this replica at its own database");
  }
}

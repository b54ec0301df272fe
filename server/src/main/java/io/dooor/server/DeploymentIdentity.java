package io.dooor.server;

import io.dooor.audit.AuditException;
import io.dooor.audit.CheckpointSigner;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.IdentityException;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.core.Caller;
import io.dooor.core.Event;
import io.dooor.core.Principal;
import io.dooor.core.port.Store;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.EnvSealingKeySource;
import io.dooor.vetkd.threshold.FileSealingKeySource;
import io.dooor.vetkd.threshold.SealingKeySource;
import io.dooor.vetkd.threshold.SecretSealer;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The identity every replica of one deployment shares (DESIGN §8, issue 15), kept in the database
 * (table {@code deployment_identity}, V8) rather than in each data folder: the vetKD canister id,
 * the threshold public key of the key shares, the audit log's checkpoint signing key (its origin
 * names the canister id, so one lineage) and the control-plane identity that key-share holders
 * trust. The two private keys are sealed (AES-256-GCM, {@link SecretSealer}) under the deployment's
 * sealing key: the key-share sealing key source, {@code DOOOR_SEALING_KEY} if set, else {@code
 * DATA/keyshares/sealing.key}. That source is already the seam for a KMS or TEE sealing, and with
 * it a database dump alone neither signs checkpoints nor impersonates the control plane.
 *
 * <p>Created once, in one transaction, by {@code dooor init} or the first start (from the data
 * folder's files where they exist, so a single deployment moves to replicas unchanged); every later
 * replica reads it and never creates another. A replica whose local identity file disagrees with
 * the database refuses to start and names the file.
 */
public record DeploymentIdentity(
    Principal canisterId,
    ThresholdPublicKey publicKey,
    CheckpointSigner auditSigner,
    Identity controlPlane) {
  /** The environment variable holding the deployment's sealing key (64 hex digits or base64). */
  public static final String SEALING_KEY_ENV = "DOOOR_SEALING_KEY";

  static final String CANISTER = "canister_id";
  static final String PUBLIC_KEY = "threshold_public_key";
  static final String AUDIT = "audit_signer";
  static final String CONTROL_PLANE = "control_plane_identity";

  /** The event recording the identity's creation. */
  public static final String CREATED = "deployment.identity";

  /**
   * The deployment's identity in {@code store}, created from the data folder's files (or fresh)
   * when the database has none yet; then checked against every identity file in the data folder.
   */
  public static DeploymentIdentity join(Store store, DeploymentConfig config) throws IOException {
    Path data = config.dataDir();
    SecretSealer sealer = new SecretSealer(sealingKey(data), new SecureRandom());
    try {
      Map<String, Bytes> stored = createOnce(store, config, sealer);
      DeploymentIdentity id = open(stored, sealer);
      LocalIdentityFiles.check(data, id);
      return id;
    } catch (VetKdException e) {
      throw new IOException(
          "the deployment identity in the database cannot be unsealed: "
              + e.getMessage()
              + " (every replica needs the deployment's sealing key: "
              + SEALING_KEY_ENV
              + ")",
          e);
    }
  }

  /** {@code DOOOR_SEALING_KEY} if set, else the key-share folder's sealing key file. */
  static SealingKeySource sealingKey(Path data) throws IOException {
    if (System.getenv(SEALING_KEY_ENV) != null) {
      return new EnvSealingKeySource(SEALING_KEY_ENV, System.getenv());
    }
    try {
      return FileSealingKeySource.createIfAbsent(
          KeyShareFolder.open(data).path().resolve("sealing.key"), new SecureRandom());
    } catch (VetKdException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static Map<String, Bytes> createOnce(
      Store store, DeploymentConfig config, SecretSealer sealer)
      throws IOException, VetKdException {
    if (store.identity(CANISTER).isPresent() && store.identity(PUBLIC_KEY).isPresent()) {
      return read(store);
    }
    boolean pkStored = store.identity(PUBLIC_KEY).isPresent();
    Candidate c = Candidate.of(config, pkStored);
    if (!pkStored && c.publicKey().isEmpty()) {
      throw new IOException(
          "the database holds no deployment identity and "
              + KeyShareFolder.open(config.dataDir()).path()
              + " no threshold public key: run dooor init on the data folder that holds the key"
              + " shares first");
    }
    Bytes canister = Bytes.of(c.canister().toText().getBytes(StandardCharsets.UTF_8));
    Bytes audit = sealer.seal(AUDIT, secret(c.audit().privateKeyString()));
    Bytes cp = sealer.seal(CONTROL_PLANE, secret(c.controlPlane().toPem()));
    Clock clock = config.clock();
    store.inTransaction(
        tx -> {
          Bytes made = tx.createIdentity(CANISTER, canister);
          tx.createIdentity(AUDIT, audit);
          tx.createIdentity(CONTROL_PLANE, cp);
          c.publicKey().ifPresent(pk -> tx.createIdentity(PUBLIC_KEY, pk.toBytes()));
          if (made.equals(canister) && c.publicKey().isPresent()) {
            tx.append(created(c, clock));
          }
          return null;
        });
    return read(store);
  }

  private static Event created(Candidate c, Clock clock) {
    return new Event(
        -1,
        clock.instant(),
        Caller.system().principal(),
        CREATED,
        "deployment:" + c.canister().toText(),
        Bytes.empty(),
        Event.Outcome.OK,
        "",
        Map.of(
            "canister_id", c.canister().toText(),
            "control_plane", c.controlPlane().principal().toText(),
            "audit_origin", c.audit().origin()));
  }

  private static Map<String, Bytes> read(Store store) throws IOException {
    Map<String, Bytes> out = new java.util.HashMap<>();
    for (String name : new String[] {CANISTER, PUBLIC_KEY, AUDIT, CONTROL_PLANE}) {
      Optional<Bytes> v = store.identity(name);
      if (v.isEmpty()) {
        throw new IOException(
            "the database holds no "
                + name
                + " of the deployment identity: run dooor init (with the key shares) first");
      }
      out.put(name, v.get());
    }
    return out;
  }

  private static DeploymentIdentity open(Map<String, Bytes> v, SecretSealer sealer)
      throws IOException, VetKdException {
    try {
      Principal canister =
          Principal.parse(new String(v.get(CANISTER).toArray(), StandardCharsets.UTF_8));
      ThresholdPublicKey pk = ThresholdPublicKey.parse(v.get(PUBLIC_KEY));
      CheckpointSigner audit = CheckpointSigner.parse(text(sealer.unseal(AUDIT, v.get(AUDIT))));
      Identity cp = Identity.fromPem(text(sealer.unseal(CONTROL_PLANE, v.get(CONTROL_PLANE))));
      return new DeploymentIdentity(canister, pk, audit, cp);
    } catch (AuditException | IdentityException | IllegalArgumentException e) {
      throw new IOException("the deployment identity in the database is unusable: " + e, e);
    }
  }

  private static SecretBytes secret(String text) {
    return SecretBytes.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(SecretBytes s) {
    return new String(s.toArray(), StandardCharsets.UTF_8);
  }

  /** What this data folder would make the identity, if the database has none yet. */
  private record Candidate(
      Principal canister,
      Optional<ThresholdPublicKey> publicKey,
      CheckpointSigner audit,
      Identity controlPlane) {
    static Candidate of(DeploymentConfig config, boolean publicKeyStored)
        throws IOException, VetKdException {
      Path data = config.dataDir();
      Principal canister =
          Files.exists(data.resolve(LocalIdentityFiles.DEPLOYMENT_ID))
              ? LocalIdentityFiles.canisterId(data)
              : KeyServices.newDeploymentId();
      Optional<CheckpointSigner> audit = LocalIdentityFiles.auditSigner(data);
      Optional<Identity> cp = LocalIdentityFiles.controlPlane(data);
      return new Candidate(
          canister,
          publicKeyStored ? Optional.empty() : LocalIdentityFiles.publicKey(data, config),
          audit.isPresent()
              ? audit.get()
              : CheckpointSigner.generate("dooor.dev/log/" + canister.toText()),
          cp.isPresent() ? cp.get() : Identity.generate());
    }
  }
}

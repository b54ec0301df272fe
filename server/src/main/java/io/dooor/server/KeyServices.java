package io.dooor.server;

import io.dooor.client.auth.Identity;
import io.dooor.common.OwnerOnlyFiles;
import io.dooor.core.Principal;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.keyshare.HolderTee;
import io.dooor.keyshare.HttpKeyShareTransport;
import io.dooor.server.keyshare.HolderAddresses;
import io.dooor.server.keyshare.HolderAttestations;
import io.dooor.server.keyshare.HolderCheck;
import io.dooor.server.keyshare.HolderSet;
import io.dooor.server.keyshare.HolderSetChanges;
import io.dooor.server.keyshare.HolderSetSync;
import io.dooor.server.keyshare.HolderSetup;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.threshold.KeyShare;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.RemoteKeyShareHolder;
import io.dooor.vetkd.threshold.ThresholdDeriver.FanOut;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key service: t-of-n vetKD key shares, each sealed at rest (AES-256-GCM under the sealing key
 * in the data folder: the seam for TEE sealing or a KMS), and this deployment's principal as the
 * vetKD canister id. Embedded: the holders run in-process on the shares in {@link KeyShareFolder},
 * generated on first start. Remote: each holder is its own process ({@code dooor keyshare start})
 * reached over signed HTTP, and the data folder keeps only the threshold public key.
 */
final class KeyServices {
  private static final Logger LOG = LoggerFactory.getLogger(KeyServices.class);
  private static final Duration EMBEDDED_TIMEOUT = Duration.ofSeconds(10);

  private KeyServices() {}

  /** The vetKD service and how its holders are reached. */
  record Built(VetKdService vetkd, HolderSetup holders, HolderSetSync holderSet) {
    Built(VetKdService vetkd, HolderSetup holders) {
      this(vetkd, holders, null);
    }

    /** The attested holders, or null when they are not attested. */
    HolderAttestations attestations() {
      return holderSet == null ? null : holderSet.attestations();
    }
  }

  /** Embedded or remote holders, as {@code config} says. */
  static Built create(DeploymentConfig config) throws IOException {
    return create(config, null);
  }

  /**
   * As {@link #create(DeploymentConfig)}, for a replica of {@code shared} (or null for a single
   * deployment): its threshold public key and control-plane identity come from the database.
   */
  static Built create(DeploymentConfig config, DeploymentIdentity shared) throws IOException {
    return create(config, shared, null, null);
  }

  /**
   * As {@link #create(DeploymentConfig, DeploymentIdentity)}, with what attested remote holders
   * need: the attestation {@code verifier} their evidence is verified with, and the control plane's
   * own TEE ({@code controlPlaneTee}, sim in development, or null) whose evidence they may ask for.
   */
  static Built create(
      DeploymentConfig config,
      DeploymentIdentity shared,
      EvidenceVerifier verifier,
      HolderTee controlPlaneTee)
      throws IOException {
    return create(config, shared, verifier, controlPlaneTee, List.of());
  }

  /**
   * As {@link #create(DeploymentConfig, DeploymentIdentity, EvidenceVerifier, HolderTee)}, the
   * attested holder set changed by the HOLDER_SET proposals the store records as applied ({@code
   * stored}, issue 16).
   */
  static Built create(
      DeploymentConfig config,
      DeploymentIdentity shared,
      EvidenceVerifier verifier,
      HolderTee controlPlaneTee,
      List<HolderSetChanges.Applied> stored)
      throws IOException {
    return config.keyShareHolders().isEmpty()
        ? embedded(config, shared)
        : remote(config, shared, verifier, controlPlaneTee, stored);
  }

  static Built embedded(DeploymentConfig config) throws IOException {
    return embedded(config, null);
  }

  private static Built embedded(DeploymentConfig config, DeploymentIdentity shared)
      throws IOException {
    KeyShareFolder folder = KeyShareFolder.open(config.dataDir());
    SecureRandom rng = new SecureRandom();
    try {
      List<KeyShare> shares = folder.loadOrGenerate();
      ThresholdPublicKey pk = folder.publicKey();
      if (shared != null && !pk.equals(shared.publicKey())) {
        throw new IOException(
            folder.path().resolve("public-key.hex")
                + " disagrees with the deployment identity in the database (another sharing):"
                + " a replica with embedded holders needs the deployment's key shares, or remote"
                + " holders (--key-share-holder INDEX=URL)");
      }
      if (shares.size() < pk.threshold()) {
        throw new IOException(
            folder.path()
                + " holds "
                + shares.size()
                + " of "
                + pk.holders()
                + " key shares, fewer than the threshold "
                + pk.threshold()
                + ": the shares were exported to holder processes; start with their addresses"
                + " (--key-share-holder INDEX=URL)");
      }
      List<KeyShareHolder> holders = new ArrayList<>();
      shares.forEach(s -> holders.add(new LocalKeyShareHolder(s, rng)));
      return new Built(
          VetKdService.create(pk, holders, EMBEDDED_TIMEOUT, FanOut.THRESHOLD_FIRST),
          HolderSetup.embedded(holders.stream().map(KeyShareHolder::index).toList()));
    } catch (VetKdException e) {
      throw new IOException(
          "key shares in " + folder.path() + " are unusable: " + e.getMessage(), e);
    }
  }

  /**
   * Remote holders at the configured addresses, asked all at once ({@link FanOut#ALL}), every
   * request signed with the control plane's identity ({@link ControlPlaneIdentity}). Each holder is
   * first asked which share of which key it holds ({@link HolderCheck}): fewer than t holders of
   * the deployment's key under their configured index refuse the start, naming every holder that
   * failed; the others that failed are warned about (and still asked: they may come up).
   */
  static Built remote(
      DeploymentConfig config,
      DeploymentIdentity shared,
      EvidenceVerifier verifier,
      HolderTee controlPlaneTee,
      List<HolderSetChanges.Applied> stored)
      throws IOException {
    KeyShareFolder folder = KeyShareFolder.open(config.dataDir());
    Identity identity =
        shared != null
            ? shared.controlPlane()
            : ControlPlaneIdentity.loadOrCreate(config.dataDir());
    try {
      ThresholdPublicKey pk = shared != null ? shared.publicKey() : folder.publicKey();
      List<Integer> local = folder.sealedIndices(); // listed, never unsealed here
      if (!local.isEmpty()) {
        LOG.warn(
            "{} still holds sealed shares {}: delete them once their holders run"
                + " (dooor keyshare export --remove)",
            folder.path(),
            local);
      }
      Map<Integer, URI> configured = config.keyShareHolders().byIndex();
      HolderAddresses.Attestation how = config.keyShareHolders().attestation();
      HolderSet base =
          how == null
              ? null
              : new HolderSet(configured, how.policy(), pk.threshold(), configured.keySet());
      HolderSet current = base == null ? null : HolderSetChanges.replay(base, stored);
      if (current != null && !current.equals(base)) {
        LOG.info(
            "key-share holders as changed by {} applied holder_set proposals: {}, policy {}",
            stored.size(),
            current.addresses(),
            current.policy().workload());
      }
      Map<Integer, URI> addresses = current == null ? configured : current.addresses();
      if (addresses.size() < pk.threshold()) {
        throw new IOException(
            addresses.size()
                + " key-share holders configured, fewer than the threshold "
                + pk.threshold());
      }
      HttpClient http = HttpKeyShareTransport.client(config.keyShareTimeout());
      Map<Integer, HolderCheck.Result> checked =
          HolderCheck.run(addresses, identity, http, config.keyShareTimeout(), pk);
      for (HolderCheck.Result r : HolderCheck.requireThreshold(checked, pk.threshold())) {
        LOG.warn("startup check failed: {}", r.describe());
      }
      HolderAttestations attested = null;
      HolderSetSync sync = null;
      if (how != null) {
        if (verifier == null) {
          throw new IOException("attested key-share holders need the attestation verifiers");
        }
        attested =
            new HolderAttestations(
                current,
                verifier,
                pk,
                identity,
                controlPlaneTee,
                http,
                config.keyShareTimeout(),
                config.clock());
        sync = new HolderSetSync(base, attested, stored);
        attested.round();
        attested.requireThreshold(pk.threshold());
      } else {
        LOG.warn(
            "key-share holders are not attested: any process holding a share is trusted"
                + " (start with --holder-policy to require their TEE evidence)");
      }
      List<KeyShareHolder> holders = new ArrayList<>();
      for (Map.Entry<Integer, URI> a : configured.entrySet()) {
        int index = a.getKey();
        HttpKeyShareTransport plain =
            HttpKeyShareTransport.create(a.getValue(), identity, config.keyShareTimeout(), http);
        holders.add(
            new RemoteKeyShareHolder(
                index, attested == null ? plain : gated(attested, index, identity, config, http)));
      }
      LOG.info(
          "vetKD through {} remote key-share holders (t={} of n={}), signing as {}",
          holders.size(),
          pk.threshold(),
          pk.holders(),
          identity.principal());
      return new Built(
          VetKdService.create(pk, holders, config.keyShareTimeout(), FanOut.ALL),
          HolderSetup.remote(checked),
          sync);
    } catch (VetKdException e) {
      throw new IOException("remote key-share holders: " + e.getMessage(), e);
    }
  }

  /**
   * The transport to attested holder {@code index}: refused (so excluded by the combiner) while its
   * evidence is not current, and sent to the address the holder set has for it now.
   */
  private static RemoteKeyShareHolder.Transport gated(
      HolderAttestations attested,
      int index,
      Identity identity,
      DeploymentConfig config,
      HttpClient http) {
    Map<URI, HttpKeyShareTransport> byUrl = new java.util.concurrent.ConcurrentHashMap<>();
    return request -> {
      attested.require(index);
      URI url = attested.url(index);
      if (url == null) {
        throw new IOException("key-share holder " + index + " is not in the holder set");
      }
      return byUrl
          .computeIfAbsent(
              url, u -> HttpKeyShareTransport.create(u, identity, config.keyShareTimeout(), http))
          .exchange(request);
    };
  }

  /** A fresh opaque, canister-style principal. */
  static Principal newDeploymentId() {
    byte[] id = new byte[10];
    new SecureRandom().nextBytes(id);
    id[8] = 0x01;
    id[9] = 0x01;
    return Principal.of(id);
  }

  /** This deployment's principal (an opaque, canister-style id), created on first start. */
  static Principal deploymentId(Path dataDir) throws IOException {
    Path file = dataDir.resolve("deployment-id");
    if (Files.exists(file)) {
      return Principal.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
    Principal p = newDeploymentId();
    OwnerOnlyFiles.writeNew(file, (p.toText() + "\n").getBytes(StandardCharsets.UTF_8));
    return p;
  }
}

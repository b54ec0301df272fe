package io.dooor.server;

import io.dooor.core.Bytes;
import io.dooor.core.Principal;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.KeyServiceException;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.threshold.FileSealingKeySource;
import io.dooor.vetkd.threshold.KeyShare;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.KeyShareSealer;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.ThresholdDeriver;
import io.dooor.vetkd.threshold.ThresholdKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embedded key service: t-of-n vetKD key shares held in-process, each sealed at rest
 * (AES-256-GCM under the sealing key in the data folder: the seam for TEE sealing or a KMS), and
 * this deployment's principal as the vetKD canister id. Generated on first start, reloaded after.
 */
final class KeyServices {
  static final int THRESHOLD = 3;
  static final int HOLDERS = 5;

  private KeyServices() {}

  static VetKdService embedded(DeploymentConfig config) throws IOException {
    Path dir = config.dataDir().resolve("keyshares");
    Files.createDirectories(dir);
    SecureRandom rng = new SecureRandom();
    try {
      KeyShareSealer sealer =
          new KeyShareSealer(
              FileSealingKeySource.createIfAbsent(dir.resolve("sealing.key"), rng), rng);
      List<KeyShare> shares = load(dir, sealer);
      if (shares.isEmpty()) {
        shares = new ThresholdKeyGenerator(rng).generate(THRESHOLD, HOLDERS).shares();
        for (KeyShare s : shares) {
          Files.write(dir.resolve("share-" + s.index() + ".sealed"), sealer.seal(s).toArray());
        }
      }
      List<KeyShareHolder> holders = new ArrayList<>();
      shares.forEach(s -> holders.add(new LocalKeyShareHolder(s, rng)));
      return VetKdService.create(
          shares.get(0).publicKey(),
          holders,
          java.time.Duration.ofSeconds(10),
          ThresholdDeriver.FanOut.THRESHOLD_FIRST);
    } catch (VetKdException e) {
      throw new IOException("key shares in " + dir + " are unusable: " + e.getMessage(), e);
    }
  }

  private static List<KeyShare> load(Path dir, KeyShareSealer sealer)
      throws IOException, VetKdException {
    List<KeyShare> shares = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().endsWith(".sealed")).sorted().toList()) {
        shares.add(sealer.unseal(Bytes.of(Files.readAllBytes(f))));
      }
    }
    return shares;
  }

  /** This deployment's principal (an opaque, canister-style id), created on first start. */
  static Principal deploymentId(Path dataDir) throws IOException {
    Path file = dataDir.resolve("deployment-id");
    if (Files.exists(file)) {
      return Principal.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
    byte[] id = new byte[10];
    new SecureRandom().nextBytes(id);
    id[8] = 0x01;
    id[9] = 0x01;
    Principal p = Principal.of(id);
    Files.writeString(file, p.toText() + "\n", StandardCharsets.UTF_8);
    return p;
  }

  /** The control plane's KeyService over a vetKD service, for one canister id. */
  static KeyService adapter(VetKdService vetkd, Principal canisterId) {
    Bytes canister = Bytes.of(canisterId.toBytes());
    return new KeyService() {
      @Override
      public Bytes derivedPublicKey(Bytes context) {
        return vetkd.publicKey(canister, context).toBytes();
      }

      @Override
      public Bytes deriveEncryptedKey(Bytes context, Bytes input, Bytes tpk)
          throws KeyServiceException {
        try {
          TransportPublicKey key = TransportPublicKey.parse(tpk);
          if (key.isUnencrypted()) {
            throw new KeyServiceException(
                KeyServiceException.Reason.INVALID_INPUT,
                "transport public key is the identity (an unencrypted vetKey): refused, the"
                    + " control plane never handles vetKeys in the clear");
          }
          return vetkd.derive(canister, context, input, key).toBytes();
        } catch (VetKdException e) {
          KeyServiceException.Reason r =
              e.reason() == VetKdException.Reason.NOT_ENOUGH_SHARES
                  ? KeyServiceException.Reason.NOT_ENOUGH_SHARES
                  : KeyServiceException.Reason.INVALID_INPUT;
          throw new KeyServiceException(r, e.getMessage());
        }
      }
    };
  }
}

package io.dooor.server;

import io.dooor.common.Bytes;
import io.dooor.common.OwnerOnlyFiles;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.threshold.FileSealingKeySource;
import io.dooor.vetkd.threshold.KeyShare;
import io.dooor.vetkd.threshold.KeyShareSealer;
import io.dooor.vetkd.threshold.ThresholdKeyGenerator;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The key-share folder of a data folder, {@code DATA/keyshares}: the sealed shares {@code
 * share-<i>.sealed} (AES-256-GCM under {@code sealing.key}, the seam for TEE sealing or a KMS) and
 * the threshold public key {@code public-key.hex} (Feldman commitments: the master public key and
 * every holder's public key share). The embedded default holds all n shares here; a deployment with
 * remote holders exports each share to its holder and keeps only the public key.
 */
public final class KeyShareFolder {
  /** The sharing generated on first use: 3 of 5. */
  public static final int THRESHOLD = 3;

  public static final int HOLDERS = 5;

  private static final String PUBLIC_KEY = "public-key.hex";
  private static final int MAX_PUBLIC_KEY_FILE = 2 * (8 + 96 * ThresholdPublicKey.MAX_HOLDERS) + 2;

  private final Path dir;
  private final SecureRandom rng;

  private KeyShareFolder(Path dir, SecureRandom rng) {
    this.dir = dir;
    this.rng = rng;
  }

  /** The folder under {@code dataDir} (created 0700 if absent). */
  public static KeyShareFolder open(Path dataDir) throws IOException {
    Path dir = dataDir.resolve("keyshares");
    OwnerOnlyFiles.createDirectories(dir);
    return new KeyShareFolder(dir, new SecureRandom());
  }

  public Path path() {
    return dir;
  }

  /** The file holding share {@code index}, sealed under this folder's sealing key. */
  public Path shareFile(int index) {
    return dir.resolve("share-" + index + ".sealed");
  }

  /**
   * The shares held here; on first use a fresh {@value #THRESHOLD}-of-{@value #HOLDERS} sharing is
   * generated, sealed and written, with its public key. Never generates when the public key exists
   * (the shares were exported): then only those still here are returned.
   */
  public List<KeyShare> loadOrGenerate() throws IOException, VetKdException {
    List<KeyShare> shares = load();
    if (shares.isEmpty() && !Files.exists(dir.resolve(PUBLIC_KEY))) {
      shares = new ThresholdKeyGenerator(rng).generate(THRESHOLD, HOLDERS).shares();
      KeyShareSealer sealer = sealer();
      for (KeyShare s : shares) {
        OwnerOnlyFiles.writeNew(shareFile(s.index()), sealer.seal(s).toArray());
      }
    }
    for (KeyShare s : shares) {
      if (!s.publicKey().equals(shares.get(0).publicKey())) {
        throw new VetKdException(
            Reason.DEALING_INVALID,
            "sealed share " + s.index() + " in " + dir + " belongs to another sharing");
      }
    }
    if (!shares.isEmpty()) {
      writePublicKey(shares.get(0).publicKey());
    }
    return shares;
  }

  /** The shares sealed in this folder, by index. */
  public List<KeyShare> load() throws IOException, VetKdException {
    List<KeyShare> shares = new ArrayList<>();
    if (!Files.exists(dir.resolve("sealing.key"))) {
      return shares;
    }
    KeyShareSealer sealer = sealer();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().endsWith(".sealed")).sorted().toList()) {
        shares.add(sealer.unseal(Bytes.of(Files.readAllBytes(f))));
      }
    }
    return shares;
  }

  /** The indices of the sealed share files here, without unsealing them. */
  public List<Integer> sealedIndices() {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= ThresholdPublicKey.MAX_HOLDERS; i++) {
      if (Files.exists(shareFile(i))) {
        out.add(i);
      }
    }
    return out;
  }

  /** Share {@code index}, if it is still held here. */
  public Optional<KeyShare> share(int index) throws IOException, VetKdException {
    return load().stream().filter(s -> s.index() == index).findFirst();
  }

  /**
   * The threshold public key: from {@code public-key.hex}, written when the shares were generated.
   *
   * @throws VetKdException if the folder has none (no shares were ever generated here)
   */
  public ThresholdPublicKey publicKey() throws IOException, VetKdException {
    Path file = dir.resolve(PUBLIC_KEY);
    if (!Files.exists(file)) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "no threshold public key in "
              + dir
              + ": generate the shares first (dooor keyshare export, or one embedded start)");
    }
    if (Files.size(file) > MAX_PUBLIC_KEY_FILE) {
      throw new VetKdException(Reason.INVALID_ENCODING, file + " is too large for a public key");
    }
    String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      return ThresholdPublicKey.parse(Bytes.fromHex(hex));
    } catch (IllegalArgumentException e) {
      throw new VetKdException(Reason.INVALID_ENCODING, file + " is not hex", e);
    }
  }

  /** Deletes the sealed copy of share {@code index} (after it was exported to its holder). */
  public boolean remove(int index) throws IOException {
    return Files.deleteIfExists(shareFile(index));
  }

  private void writePublicKey(ThresholdPublicKey pk) throws IOException, VetKdException {
    Path file = dir.resolve(PUBLIC_KEY);
    if (!Files.exists(file)) {
      OwnerOnlyFiles.writeNew(
          file, (pk.toBytes().hex() + "\n").getBytes(StandardCharsets.US_ASCII));
    } else if (!publicKey().equals(pk)) {
      throw new VetKdException(
          Reason.DEALING_INVALID, "the sealed shares in " + dir + " do not belong to " + file);
    }
  }

  private KeyShareSealer sealer() throws VetKdException {
    return new KeyShareSealer(
        FileSealingKeySource.createIfAbsent(dir.resolve("sealing.key"), rng), rng);
  }
}

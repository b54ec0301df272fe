package io.dooor.attestation.sim;

import io.dooor.common.Bytes;
import io.dooor.common.OwnerOnlyFiles;
import io.dooor.common.SecretBytes;
import io.dooor.common.crypto.Ed25519PrivateKey;
import io.dooor.common.crypto.Ed25519PublicKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The simulated TEE "vendor": a locally generated Ed25519 root that signs {@link SimReport}s. For
 * development only; production policy refuses the sim type. The root's private key is written to
 * the development data folder (PKCS#8, RFC 8410 §7; its public key beside it as a
 * SubjectPublicKeyInfo), which is exactly why sim evidence proves nothing.
 */
public final class SimTee {
  private final Ed25519PrivateKey root;
  private final Clock clock;

  private SimTee(Ed25519PrivateKey root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  /** A fresh simulation root. */
  public static SimTee generate(Clock clock) {
    return new SimTee(Ed25519PrivateKey.generate(new SecureRandom()), clock);
  }

  /** Loads the root from {@code file} (PKCS#8 DER), creating it there first (0600) if absent. */
  public static SimTee loadOrCreate(Path file, Clock clock) throws IOException {
    Path pubFile = file.resolveSibling(file.getFileName() + ".pub");
    if (!Files.exists(file)) {
      SimTee tee = generate(clock);
      OwnerOnlyFiles.writeNew(file, tee.root.pkcs8().toArray());
      OwnerOnlyFiles.writeNew(pubFile, tee.rootPublicKey().toArray());
      return tee;
    }
    try {
      Ed25519PrivateKey root =
          Ed25519PrivateKey.parsePkcs8(SecretBytes.of(Files.readAllBytes(file)));
      Ed25519PublicKey pub = Ed25519PublicKey.parseSpki(Bytes.of(Files.readAllBytes(pubFile)));
      if (!pub.equals(root.publicKey())) {
        throw new InvalidKeyException("the public key file does not match the private key");
      }
      return new SimTee(root, clock);
    } catch (InvalidKeyException e) {
      throw new IOException("bad simulation root in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The root's public key, DER SubjectPublicKeyInfo: what a sim verifier trusts. */
  public Bytes rootPublicKey() {
    return root.publicKey().spki();
  }

  /** A signed report of {@code measurement} on {@code platformId} carrying {@code reportData}. */
  public SimReport report(Bytes reportData, Bytes measurement, Bytes platformId, boolean debug) {
    SimReport unsigned =
        new SimReport(
            debug, clock.instant(), reportData, measurement, platformId, Bytes.of(new byte[64]));
    byte[] sig = root.sign(unsigned.body());
    return new SimReport(
        debug, unsigned.issuedAt(), reportData, measurement, platformId, Bytes.of(sig));
  }
}

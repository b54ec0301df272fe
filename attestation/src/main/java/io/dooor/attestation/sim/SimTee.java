package io.dooor.attestation.sim;

import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The simulated TEE "vendor": a locally generated Ed25519 root that signs {@link SimReport}s. For
 * development only; production policy refuses the sim type. The root's private key is written to
 * the development data folder, which is exactly why sim evidence proves nothing.
 */
public final class SimTee {
  private final KeyPair root;
  private final Clock clock;
  private final byte[] seed;
  private final byte[] publicKey;

  private SimTee(KeyPair root, Clock clock) {
    this.root = root;
    this.clock = clock;
    this.seed =
        ((EdECPrivateKey) root.getPrivate())
            .getBytes()
            .orElseThrow(() -> new IllegalStateException("Ed25519 root without its seed"));
    this.publicKey = rawPublicKey(root.getPublic());
    byte[] derived = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, derived, 0);
    if (!MessageDigest.isEqual(derived, publicKey)) {
      throw new IllegalStateException("simulation root public key does not match its private key");
    }
  }

  /** A fresh simulation root. */
  public static SimTee generate(Clock clock) {
    try {
      return new SimTee(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), clock);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
  }

  /** Loads the root from {@code file} (PKCS#8 DER), creating it there first if absent. */
  public static SimTee loadOrCreate(Path file, Clock clock) throws IOException {
    try {
      KeyFactory kf = KeyFactory.getInstance("Ed25519");
      if (Files.exists(file)) {
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
        Path pubFile = file.resolveSibling(file.getFileName() + ".pub");
        PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pubFile)));
        return new SimTee(new KeyPair(pub, priv), clock);
      }
      SimTee tee = generate(clock);
      Files.write(file, tee.root.getPrivate().getEncoded());
      Files.write(file.resolveSibling(file.getFileName() + ".pub"), tee.rootPublicKey().toArray());
      return tee;
    } catch (GeneralSecurityException e) {
      throw new IOException("bad simulation root in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The 32-byte RFC 8032 encoding of an Ed25519 key: the end of its SubjectPublicKeyInfo. */
  static byte[] rawPublicKey(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - Ed25519.PUBLIC_KEY_SIZE, der.length);
  }

  /** The root's public key, DER SubjectPublicKeyInfo: what a sim verifier trusts. */
  public Bytes rootPublicKey() {
    return Bytes.of(root.getPublic().getEncoded());
  }

  /** A signed report of {@code measurement} on {@code platformId} carrying {@code reportData}. */
  public SimReport report(Bytes reportData, Bytes measurement, Bytes platformId, boolean debug) {
    SimReport unsigned =
        new SimReport(
            debug, clock.instant(), reportData, measurement, platformId, Bytes.of(new byte[64]));
    byte[] body = unsigned.body();
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, body, 0, body.length, sig, 0);
    return new SimReport(
        debug, unsigned.issuedAt(), reportData, measurement, platformId, Bytes.of(sig));
  }
}

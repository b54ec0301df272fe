package io.dooor.common.crypto;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.common.crypto.internal.Rfc8410;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key (RFC 8032 §5.1.5): the 32-byte seed, held in {@link SecretBytes}, and its
 * public key. Signing is deterministic (§5.1.6) and constant-time (BouncyCastle). {@link
 * #toString()} prints only the public key. Immutable and thread-safe.
 */
public final class Ed25519PrivateKey {
  /** Length of the seed. */
  public static final int SEED_LENGTH = Ed25519.SECRET_KEY_SIZE;

  private final SecretBytes seed;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(SecretBytes seed, Ed25519PublicKey publicKey) {
    this.seed = seed;
    this.publicKey = publicKey;
  }

  /** A fresh key from {@code random}. */
  public static Ed25519PrivateKey generate(SecureRandom random) {
    byte[] s = new byte[SEED_LENGTH];
    Ed25519.generatePrivateKey(random, s);
    try {
      return fromSeed(s);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("a generated Ed25519 key is invalid", e);
    } finally {
      Arrays.fill(s, (byte) 0);
    }
  }

  /**
   * The key of a 32-byte seed (copied).
   *
   * @throws InvalidKeyException if the seed is not 32 bytes
   */
  public static Ed25519PrivateKey fromSeed(byte[] seed) throws InvalidKeyException {
    if (seed.length != SEED_LENGTH) {
      throw new InvalidKeyException(
          "Ed25519 private key must be " + SEED_LENGTH + " bytes, got " + seed.length);
    }
    byte[] pk = new byte[Ed25519PublicKey.LENGTH];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    return new Ed25519PrivateKey(SecretBytes.of(seed), Ed25519PublicKey.parse(Bytes.of(pk)));
  }

  /** The key of a seed held as a secret. */
  public static Ed25519PrivateKey fromSeed(SecretBytes seed) throws InvalidKeyException {
    byte[] s = seed.toArray();
    try {
      return fromSeed(s);
    } finally {
      Arrays.fill(s, (byte) 0);
    }
  }

  /** Parses a DER PKCS#8 v1 PrivateKeyInfo of an Ed25519 key (RFC 8410 §7). */
  public static Ed25519PrivateKey parsePkcs8(SecretBytes der) throws InvalidKeyException {
    byte[] seed = null;
    try {
      seed = Rfc8410.seedOf(der.toArray());
      return fromSeed(seed);
    } catch (DerException e) {
      throw new InvalidKeyException("Ed25519 private key: " + e.getMessage(), e);
    } finally {
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
      }
    }
  }

  /** The DER PKCS#8 v1 PrivateKeyInfo (RFC 8410 §7), as OpenSSL and the JDK write it. */
  public SecretBytes pkcs8() {
    byte[] s = seed.toArray();
    try {
      return SecretBytes.of(Rfc8410.pkcs8(s));
    } finally {
      Arrays.fill(s, (byte) 0);
    }
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** The 32-byte seed. */
  public SecretBytes seed() {
    return seed;
  }

  /** Signs {@code message} (RFC 8032 §5.1.6): the 64-byte R || S. */
  public byte[] sign(byte[] message) {
    byte[] s = seed.toArray();
    byte[] sig = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
    try {
      Ed25519.sign(s, 0, publicKey.encoded().toArray(), 0, message, 0, message.length, sig, 0);
      return sig;
    } finally {
      Arrays.fill(s, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "Ed25519PrivateKey[public " + publicKey.encoded().hex() + ", seed redacted]";
  }
}

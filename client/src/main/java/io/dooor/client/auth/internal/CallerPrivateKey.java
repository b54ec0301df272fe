package io.dooor.client.auth.internal;

import io.dooor.client.auth.KeyType;
import io.dooor.common.SecretBytes;
import io.dooor.common.crypto.EcdsaPrivateKey;
import io.dooor.common.crypto.Ed25519PrivateKey;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;

/**
 * A caller's private key of any {@link KeyType}, over the common crypto toolbox: the secret (the
 * Ed25519 seed or the 32-byte big-endian EC scalar) stays in {@link SecretBytes}. Signatures are
 * the RFC 9421 form of the type: Ed25519 R || S (RFC 8032 §5.1.6), or ECDSA r || s with SHA-256,
 * deterministic (RFC 6979) and low-S. {@link #toString()} prints nothing secret.
 */
public final class CallerPrivateKey {
  private final KeyType type;
  private final SecretBytes secret;
  private final byte[] rawPublicKey;
  private final UnaryOperator<byte[]> signer;

  private CallerPrivateKey(
      KeyType type, SecretBytes secret, byte[] rawPublicKey, UnaryOperator<byte[]> signer) {
    this.type = type;
    this.secret = secret;
    this.rawPublicKey = rawPublicKey;
    this.signer = signer;
  }

  /** A fresh key of {@code type}. */
  public static CallerPrivateKey generate(KeyType type, SecureRandom random) {
    if (type == KeyType.ED25519) {
      return of(Ed25519PrivateKey.generate(random));
    }
    return of(type, EcdsaPrivateKey.generate(KeyOids.curve(type), random));
  }

  /**
   * The key of a decoded secret.
   *
   * @throws InvalidKeyException if the secret is not 32 bytes, or an EC scalar outside [1, n-1]
   */
  public static CallerPrivateKey of(KeyType type, SecretBytes secret) throws InvalidKeyException {
    if (type == KeyType.ED25519) {
      return of(Ed25519PrivateKey.fromSeed(secret));
    }
    return of(type, EcdsaPrivateKey.fromScalar(KeyOids.curve(type), secret));
  }

  private static CallerPrivateKey of(Ed25519PrivateKey k) {
    return new CallerPrivateKey(
        KeyType.ED25519, k.seed(), k.publicKey().encoded().toArray(), k::sign);
  }

  private static CallerPrivateKey of(KeyType type, EcdsaPrivateKey k) {
    return new CallerPrivateKey(type, k.scalar(), k.publicKey().uncompressed().toArray(), k::sign);
  }

  public KeyType type() {
    return type;
  }

  /** The secret: the Ed25519 seed or the EC scalar. */
  public SecretBytes secret() {
    return secret;
  }

  /** The raw public key: 32-byte Ed25519 A, or the 65-byte uncompressed EC point. */
  public byte[] rawPublicKey() {
    return rawPublicKey.clone();
  }

  /** Signs {@code message} in the RFC 9421 form of the key type (64 bytes). */
  public byte[] sign(byte[] message) {
    return signer.apply(message);
  }

  @Override
  public String toString() {
    return "CallerPrivateKey[" + type.alg() + ", redacted]";
  }
}

package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G1Point;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A transport secret key: a scalar tsk with public key tsk·G1 (spec §1). Serialised big-endian as
 * the TypeScript library does; the little-endian Rust form is available only through the methods
 * that say so. The secret's bytes live in {@link SecretBytes}; the scalar is kept beside them for
 * the arithmetic. Printed redacted.
 */
public final class TransportSecretKey {
  private static final SecureRandom RNG = new SecureRandom();
  private final SecretBytes encoded;
  private final Fr scalar;

  private TransportSecretKey(Fr scalar) {
    this.scalar = scalar;
    this.encoded = SecretBytes.of(scalar.toBigEndian());
  }

  /** A fresh random key. */
  public static TransportSecretKey generate() {
    return new TransportSecretKey(Fr.random(RNG));
  }

  /** Decodes 32 big-endian bytes below r (TS {@code TransportSecretKey.deserialize}). */
  public static TransportSecretKey fromBytes(Bytes bigEndian) throws VetKdException {
    return new TransportSecretKey(Fr.fromBigEndian(bigEndian.toArray()));
  }

  /**
   * Decodes the 32-byte little-endian form of Rust ic-vetkeys {@code
   * TransportSecretKey::serialize}.
   */
  public static TransportSecretKey fromRustLittleEndian(Bytes littleEndian) throws VetKdException {
    return new TransportSecretKey(Fr.fromLittleEndian(littleEndian.toArray()));
  }

  /**
   * Rust ic-vetkeys {@code TransportSecretKey::from_seed}: zkcrypto {@code Scalar::random} fed by
   * {@code ChaCha20Rng::from_seed(seed)}, i.e. the first 64 ChaCha20 keystream bytes (key = seed,
   * nonce 0, counter 0) reduced wide, little-endian (spec §1).
   */
  public static TransportSecretKey fromRustSeed(Bytes seed) throws VetKdException {
    if (seed.length() != 32) {
      throw new VetKdException(Reason.INVALID_ARGUMENT, "seed must be 32 bytes");
    }
    try {
      Cipher c = Cipher.getInstance("ChaCha20/None/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(seed.toArray(), "ChaCha20"),
          new ChaCha20ParameterSpec(new byte[12], 0));
      return new TransportSecretKey(Fr.fromWideLittleEndian(c.doFinal(new byte[64])));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20 unavailable", e);
    }
  }

  public TransportPublicKey publicKey() {
    return TransportPublicKey.of(G1Point.generator().mul(scalar));
  }

  /** 32 bytes big-endian, a secret. */
  public SecretBytes toBytes() {
    return encoded;
  }

  Fr scalar() {
    return scalar;
  }

  @Override
  public String toString() {
    return "TransportSecretKey[redacted]";
  }
}

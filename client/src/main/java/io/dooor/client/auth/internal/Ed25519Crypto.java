package io.dooor.client.auth.internal;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032 §5.1) over BouncyCastle's constant-time implementation. Public keys are fully
 * validated when decoded (canonical encoding, on the curve, not of small order), and the decoded
 * point is kept so that each verification skips the decoding.
 */
public final class Ed25519Crypto {
  public static final int KEY_SIZE = 32;
  public static final int SIGNATURE_SIZE = 64;

  private Ed25519Crypto() {}

  /** A fresh 32-byte private key (the RFC 8032 seed). */
  public static byte[] generateSeed(SecureRandom random) {
    byte[] seed = new byte[KEY_SIZE];
    Ed25519.generatePrivateKey(random, seed);
    return seed;
  }

  /** The 32-byte public key A of a seed (RFC 8032 §5.1.5). */
  public static byte[] publicKey(byte[] seed) {
    byte[] pk = new byte[KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    return pk;
  }

  /** Signs (RFC 8032 §5.1.6); {@code pk} must be {@code publicKey(seed)}. */
  public static byte[] sign(byte[] seed, byte[] pk, byte[] message) {
    byte[] sig = new byte[SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, pk, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /**
   * A verifier (RFC 8032 §5.1.7) for a 32-byte public key.
   *
   * @throws InvalidKeyException if the key is not a canonical encoding of a point of prime order
   */
  public static SignatureCheck verifier(byte[] pk) throws InvalidKeyException {
    if (pk.length != KEY_SIZE) {
      throw new InvalidKeyException("Ed25519 public key must be 32 bytes, got " + pk.length);
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(pk, 0);
    if (point == null) {
      throw new InvalidKeyException("Ed25519 public key is not a valid point of prime order");
    }
    return (message, signature) ->
        signature.length == SIGNATURE_SIZE
            && Ed25519.verify(signature, 0, point, message, 0, message.length);
  }
}

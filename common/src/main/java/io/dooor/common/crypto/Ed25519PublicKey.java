package io.dooor.common.crypto;

import io.dooor.common.Bytes;
import io.dooor.common.crypto.internal.Rfc8410;
import java.security.InvalidKeyException;
import java.security.SignatureException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key (RFC 8032 §5.1), the project's one Ed25519 verification path, over
 * BouncyCastle's RFC 8032 code.
 *
 * <p>Key validation, the one rule for every Ed25519 key (caller identities, the audit log's
 * checkpoint key, the sim root, resharing complaint keys): the 32 bytes must be the canonical
 * encoding of a point (y &lt; p, RFC 8032 §5.1.3, and x = 0 never with the sign bit set), on the
 * curve, of prime order L: small-order and mixed-order points (the torsion points of order 1, 2, 4,
 * 8 and their sums with a point of order L) are refused when the key is parsed. With such keys
 * refused, a signature cannot verify for several messages by construction, and every verifier in
 * the project agrees on which keys exist. Verification (§5.1.7) refuses S &ge; L and a
 * non-canonical R. The decoded point is kept, so each verification skips the decoding. Immutable
 * and thread-safe.
 */
public final class Ed25519PublicKey {
  /** Length of an encoded public key. */
  public static final int LENGTH = Ed25519.PUBLIC_KEY_SIZE;

  /** Length of a signature R || S. */
  public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

  private final Bytes encoded;
  private final Ed25519.PublicPoint point;

  private Ed25519PublicKey(Bytes encoded, Ed25519.PublicPoint point) {
    this.encoded = encoded;
    this.point = point;
  }

  /**
   * Parses and validates a 32-byte public key.
   *
   * @throws InvalidKeyException if it is not 32 bytes, or not the canonical encoding of a point of
   *     prime order
   */
  public static Ed25519PublicKey parse(Bytes encoded) throws InvalidKeyException {
    if (encoded.length() != LENGTH) {
      throw new InvalidKeyException(
          "Ed25519 public key must be " + LENGTH + " bytes, got " + encoded.length());
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(encoded.toArray(), 0);
    if (point == null) {
      throw new InvalidKeyException("Ed25519 public key is not a valid point of prime order");
    }
    return new Ed25519PublicKey(encoded, point);
  }

  /**
   * Parses a DER SubjectPublicKeyInfo of an Ed25519 key (RFC 8410 §4), then the key as {@link
   * #parse} does.
   */
  public static Ed25519PublicKey parseSpki(Bytes der) throws InvalidKeyException {
    try {
      return parse(Bytes.of(Rfc8410.publicKeyOf(der.toArray())));
    } catch (DerException e) {
      throw new InvalidKeyException("Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** The DER SubjectPublicKeyInfo (RFC 8410 §4). */
  public Bytes spki() {
    return Bytes.of(Rfc8410.spki(encoded.toArray()));
  }

  /** The 32-byte encoding. */
  public Bytes encoded() {
    return encoded;
  }

  /**
   * Verifies a signature (RFC 8032 §5.1.7).
   *
   * @throws SignatureException if {@code signature} is not a valid signature of {@code message}
   */
  public void verify(byte[] message, byte[] signature) throws SignatureException {
    if (!isValid(message, signature)) {
      throw new SignatureException("Ed25519 signature does not verify");
    }
  }

  /** {@link #verify} as a predicate, for callers that map failure to their own reason. */
  public boolean isValid(byte[] message, byte[] signature) {
    return signature.length == SIGNATURE_LENGTH
        && Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey k && encoded.equals(k.encoded);
  }

  @Override
  public int hashCode() {
    return encoded.hashCode();
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[" + encoded.hex() + "]";
  }
}

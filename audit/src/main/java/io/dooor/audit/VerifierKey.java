package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.NoteCodec;
import io.dooor.common.Bytes;
import io.dooor.common.crypto.Ed25519PublicKey;
import java.security.InvalidKeyException;

/**
 * A C2SP signed-note verifier key for Ed25519: {@code <name>+<hex key ID>+<base64(0x01 || public
 * key)>}, where the key ID is the first four bytes of SHA-256(name || 0x0A || 0x01 || public key)
 * (C2SP signed-note, "Verifier keys" and "Signatures").
 *
 * @param name the key name (the log's origin)
 * @param keyId the 32-bit key ID
 *     <p>The public key must pass the one Ed25519 key-validation rule of {@link Ed25519PublicKey}
 *     (canonical encoding of a point of prime order); Go's note package accepts more keys, but no
 *     key this log generates is refused.
 * @param publicKey the raw 32-byte Ed25519 public key
 */
public record VerifierKey(String name, int keyId, Bytes publicKey) {
  /** C2SP signed-note signature type for Ed25519. */
  public static final byte ALG_ED25519 = 0x01;

  public VerifierKey {
    if (!NoteCodec.isValidName(name)) {
      throw new IllegalArgumentException("invalid key name '" + name + "'");
    }
    if (publicKey.length() != Ed25519PublicKey.LENGTH) {
      throw new IllegalArgumentException("Ed25519 public key must be 32 bytes");
    }
    validKey(publicKey);
    if (keyId != NoteCodec.keyId(name, ALG_ED25519, publicKey.toArray())) {
      throw new IllegalArgumentException("key ID does not match name and public key");
    }
  }

  /** The key for {@code name} and a raw public key, with its computed key ID. */
  public static VerifierKey of(String name, Bytes publicKey) {
    return new VerifierKey(
        name, NoteCodec.keyId(name, ALG_ED25519, publicKey.toArray()), publicKey);
  }

  /**
   * Parses a verifier key string.
   *
   * @throws AuditException MALFORMED_KEY naming what is wrong
   */
  public static VerifierKey parse(String text) throws AuditException {
    NoteCodec.KeyText key = NoteCodec.parseKey(text, ALG_ED25519, "verifier key");
    try {
      return new VerifierKey(key.name(), key.keyId(), Bytes.of(key.publicKey()));
    } catch (IllegalArgumentException e) {
      throw new AuditException(Reason.MALFORMED_KEY, "verifier key: " + e.getMessage(), e);
    }
  }

  /** The public key, for verification (valid: the constructor checked it). */
  Ed25519PublicKey ed25519() {
    return validKey(publicKey);
  }

  private static Ed25519PublicKey validKey(Bytes publicKey) {
    try {
      return Ed25519PublicKey.parse(publicKey);
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("verifier key: " + e.getMessage(), e);
    }
  }

  /** The verifier key string. */
  @Override
  public String toString() {
    return NoteCodec.formatKey(name, keyId, ALG_ED25519, publicKey.toArray());
  }
}

package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.NoteCodec;
import io.dooor.common.Bytes;
import io.dooor.common.crypto.Ed25519PublicKey;
import java.security.InvalidKeyException;
import java.util.Base64;
import java.util.Locale;

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
    String[] parts = text.split("\\+", 3);
    if (parts.length != 3 || parts[1].length() != 8 || !parts[1].matches("[0-9a-f]{8}")) {
      throw new AuditException(Reason.MALFORMED_KEY, "verifier key is not name+hash+key");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new AuditException(Reason.MALFORMED_KEY, "verifier key is not base64", e);
    }
    if (key.length != 1 + Ed25519PublicKey.LENGTH || key[0] != ALG_ED25519) {
      throw new AuditException(Reason.MALFORMED_KEY, "verifier key is not an Ed25519 key");
    }
    try {
      return new VerifierKey(
          parts[0],
          Integer.parseUnsignedInt(parts[1], 16),
          Bytes.of(java.util.Arrays.copyOfRange(key, 1, key.length)));
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
    byte[] raw = new byte[1 + Ed25519PublicKey.LENGTH];
    raw[0] = ALG_ED25519;
    System.arraycopy(publicKey.toArray(), 0, raw, 1, Ed25519PublicKey.LENGTH);
    return name
        + "+"
        + String.format(Locale.ROOT, "%08x", keyId)
        + "+"
        + Base64.getEncoder().encodeToString(raw);
  }
}

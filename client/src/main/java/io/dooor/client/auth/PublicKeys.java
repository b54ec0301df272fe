package io.dooor.client.auth;

import io.dooor.client.auth.AuthException.Reason;
import io.dooor.client.auth.internal.KeyOids;
import io.dooor.client.auth.internal.SignatureCheck;
import io.dooor.client.auth.internal.SpkiCodec;
import io.dooor.client.auth.internal.UnsupportedKeyException;
import io.dooor.common.Bytes;
import io.dooor.common.crypto.DerException;
import io.dooor.common.crypto.EcdsaPublicKey;
import io.dooor.common.crypto.Ed25519PublicKey;
import java.security.InvalidKeyException;
import java.security.SignatureException;

/** Parses caller public keys: exactly Ed25519, ECDSA P-256 and ECDSA secp256k1 (DESIGN §2). */
public final class PublicKeys {
  private PublicKeys() {}

  /**
   * Parses a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7; RFC 8410 §4; RFC 5480 §2). Only the
   * canonical DER form with an uncompressed EC point is accepted, so one key has one principal; the
   * point is checked to be on the curve (and, for Ed25519, of prime order).
   *
   * @throws AuthException MALFORMED_PUBLIC_KEY or UNSUPPORTED_KEY, naming what is wrong
   */
  public static CallerPublicKey parseSpki(Bytes der) throws AuthException {
    byte[] bytes = der.toArray();
    try {
      SpkiCodec.Decoded decoded = SpkiCodec.decode(bytes);
      return new CallerPublicKey(decoded.type(), bytes, check(decoded.type(), decoded.rawKey()));
    } catch (DerException | InvalidKeyException e) {
      throw new AuthException(Reason.MALFORMED_PUBLIC_KEY, "public key: " + e.getMessage());
    } catch (UnsupportedKeyException e) {
      throw new AuthException(Reason.UNSUPPORTED_KEY, "public key: " + e.getMessage());
    }
  }

  /** A key from its raw form (32-byte Ed25519 A, or 65-byte uncompressed point). */
  static CallerPublicKey fromRaw(KeyType type, byte[] rawKey) throws InvalidKeyException {
    return new CallerPublicKey(type, SpkiCodec.encode(type, rawKey), check(type, rawKey));
  }

  /** A check over the common toolbox: its key validation is the one rule (see Ed25519PublicKey). */
  private static SignatureCheck check(KeyType type, byte[] rawKey) throws InvalidKeyException {
    if (type == KeyType.ED25519) {
      return Ed25519PublicKey.parse(Bytes.of(rawKey))::isValid;
    }
    EcdsaPublicKey key = EcdsaPublicKey.fromUncompressed(KeyOids.curve(type), Bytes.of(rawKey));
    return (message, signature) -> {
      try {
        key.verifyRaw(message, signature);
        return true;
      } catch (SignatureException e) {
        return false;
      }
    };
  }
}

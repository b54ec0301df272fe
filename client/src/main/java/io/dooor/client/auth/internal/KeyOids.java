package io.dooor.client.auth.internal;

import io.dooor.client.auth.KeyType;
import io.dooor.common.crypto.EcCurve;
import java.security.MessageDigest;
import java.util.Optional;

/** Object identifiers of the supported keys (RFC 8410 §3, RFC 5480 §2.1.1.1, SEC 2 §A.2). */
public final class KeyOids {
  /** id-Ed25519, 1.3.101.112. */
  static final byte[] ED25519 = {0x2b, 0x65, 0x70};

  /** id-ecPublicKey, 1.2.840.10045.2.1. */
  static final byte[] EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private KeyOids() {}

  /**
   * The named-curve OID of an ECDSA key type (P-256 1.2.840.10045.3.1.7, secp256k1 1.3.132.0.10).
   */
  static byte[] curveOid(KeyType type) {
    return curve(type).oid();
  }

  /** The key type of an EC named-curve OID, if supported. */
  static Optional<KeyType> curveType(byte[] oid) {
    for (KeyType t : new KeyType[] {KeyType.ECDSA_P256, KeyType.SECP256K1}) {
      if (MessageDigest.isEqual(oid, curve(t).oid())) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The curve of an ECDSA key type. */
  public static EcCurve curve(KeyType type) {
    if (type == KeyType.ED25519) {
      throw new IllegalArgumentException("Ed25519 is not an ECDSA curve");
    }
    return type == KeyType.SECP256K1 ? EcCurve.SECP256K1 : EcCurve.P256;
  }
}

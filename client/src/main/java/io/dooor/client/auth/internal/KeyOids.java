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

  /** prime256v1 / secp256r1, 1.2.840.10045.3.1.7. */
  static final byte[] P256 = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

  /** secp256k1, 1.3.132.0.10. */
  static final byte[] SECP256K1 = {0x2b, (byte) 0x81, 0x04, 0x00, 0x0a};

  private KeyOids() {}

  /** The named-curve OID of an ECDSA key type. */
  static byte[] curveOid(KeyType type) {
    return type == KeyType.SECP256K1 ? SECP256K1 : P256;
  }

  /** The key type of an EC named-curve OID, if supported. */
  static Optional<KeyType> curveType(byte[] oid) {
    if (MessageDigest.isEqual(oid, P256)) {
      return Optional.of(KeyType.ECDSA_P256);
    }
    if (MessageDigest.isEqual(oid, SECP256K1)) {
      return Optional.of(KeyType.SECP256K1);
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

package io.dooor.client.auth.internal;

import io.dooor.client.auth.KeyType;
import io.dooor.common.crypto.DerException;
import io.dooor.common.crypto.DerReader;
import io.dooor.common.crypto.DerWriter;
import java.security.MessageDigest;

/**
 * DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) of the three supported key types: Ed25519 (RFC 8410
 * §4, parameters absent) and ECDSA P-256 / secp256k1 (RFC 5480 §2, namedCurve parameters, the
 * uncompressed point). Parsing accepts only the canonical encoding, so that each key has exactly
 * one DER form and therefore exactly one self-authenticating principal.
 */
public final class SpkiCodec {
  /** Input longer than this is refused unread (supported keys are at most 91 bytes). */
  public static final int MAX_LENGTH = 1024;

  private static final int ED25519_SIZE = 32;
  private static final int EC_POINT_SIZE = 65;

  private SpkiCodec() {}

  /** A decoded public key: its type and its raw key (32-byte A, or the 65-byte SEC 1 point). */
  public record Decoded(KeyType type, byte[] rawKey) {}

  /** Encodes a raw public key of {@code type}. */
  public static byte[] encode(KeyType type, byte[] rawKey) {
    byte[] algorithm =
        type == KeyType.ED25519
            ? DerWriter.sequence(DerWriter.oid(KeyOids.ED25519))
            : DerWriter.sequence(
                DerWriter.oid(KeyOids.EC_PUBLIC_KEY), DerWriter.oid(KeyOids.curveOid(type)));
    return DerWriter.sequence(algorithm, DerWriter.bitString(rawKey));
  }

  /**
   * Decodes a SubjectPublicKeyInfo. The raw key is not yet checked to be a valid point.
   *
   * @throws DerException if the DER is malformed or not canonical
   * @throws UnsupportedKeyException if it is a well-formed key of another algorithm or curve
   */
  public static Decoded decode(byte[] der) throws DerException, UnsupportedKeyException {
    if (der.length > MAX_LENGTH) {
      throw new UnsupportedKeyException(
          "public key of " + der.length + " bytes is larger than any supported key type");
    }
    DerReader outer = DerReader.of(der);
    DerReader spki = outer.sequence("SubjectPublicKeyInfo");
    outer.expectEnd("SubjectPublicKeyInfo");
    KeyType type = algorithm(spki.sequence("AlgorithmIdentifier"));
    byte[] raw = spki.bitString("subjectPublicKey");
    spki.expectEnd("SubjectPublicKeyInfo");
    checkShape(type, raw);
    if (!MessageDigest.isEqual(encode(type, raw), der)) {
      throw new DerException("SubjectPublicKeyInfo is not in canonical DER form");
    }
    return new Decoded(type, raw);
  }

  /** Reads an AlgorithmIdentifier of a public or private key. */
  static KeyType algorithm(DerReader alg) throws DerException, UnsupportedKeyException {
    byte[] oid = alg.oid("algorithm");
    if (MessageDigest.isEqual(oid, KeyOids.ED25519)) {
      alg.expectEnd("Ed25519 AlgorithmIdentifier (parameters must be absent, RFC 8410 §3)");
      return KeyType.ED25519;
    }
    if (!MessageDigest.isEqual(oid, KeyOids.EC_PUBLIC_KEY)) {
      throw new UnsupportedKeyException(
          "unsupported key algorithm "
              + DerReader.dotted(oid)
              + " (accepted: Ed25519, ECDSA P-256, ECDSA secp256k1)");
    }
    if (alg.peekTag() != DerReader.OID) {
      throw new UnsupportedKeyException("EC key without a named curve (RFC 5480 §2.1.1)");
    }
    byte[] curve = alg.oid("namedCurve");
    alg.expectEnd("EC AlgorithmIdentifier");
    return KeyOids.curveType(curve)
        .orElseThrow(
            () ->
                new UnsupportedKeyException(
                    "unsupported EC curve "
                        + DerReader.dotted(curve)
                        + " (accepted: P-256 1.2.840.10045.3.1.7, secp256k1 1.3.132.0.10)"));
  }

  private static void checkShape(KeyType type, byte[] raw)
      throws DerException, UnsupportedKeyException {
    if (type == KeyType.ED25519) {
      if (raw.length != ED25519_SIZE) {
        throw new DerException("Ed25519 public key must be 32 bytes, got " + raw.length);
      }
    } else if (raw.length == 33 && (raw[0] == 0x02 || raw[0] == 0x03)) {
      throw new UnsupportedKeyException(
          "compressed EC points are not accepted: send the uncompressed SEC 1 form");
    } else if (raw.length != EC_POINT_SIZE || raw[0] != 0x04) {
      throw new DerException(
          "EC public key must be an uncompressed point (0x04 || X || Y, 65 bytes), got "
              + raw.length
              + " bytes");
    }
  }
}

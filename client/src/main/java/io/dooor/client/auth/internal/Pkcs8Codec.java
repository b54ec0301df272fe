package io.dooor.client.auth.internal;

import io.dooor.client.auth.KeyType;
import io.dooor.common.SecretBytes;
import io.dooor.common.crypto.DerException;
import io.dooor.common.crypto.DerReader;
import io.dooor.common.crypto.DerWriter;
import java.math.BigInteger;

/**
 * Private keys as PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208 §5, RFC 5958 §2): Ed25519 as a
 * CurvePrivateKey (RFC 8410 §7), ECDSA as a SEC 1 ECPrivateKey (RFC 5915 §3). Also reads a bare SEC
 * 1 ECPrivateKey ("EC PRIVATE KEY", as OpenSSL writes it). Written keys match OpenSSL's output.
 */
public final class Pkcs8Codec {
  private static final int CONTEXT_0 = 0xa0;
  private static final int CONTEXT_1 = 0xa1;
  private static final int CONTEXT_1_PRIMITIVE = 0x81;

  private Pkcs8Codec() {}

  /**
   * A decoded private key: type, secret (Ed25519 seed or the EC scalar, 32 bytes big-endian) and
   * the raw public key stored beside it, or null if the encoding carries none.
   */
  public record Decoded(KeyType type, SecretBytes secret, byte[] embeddedPublicKey) {}

  /** Encodes PKCS#8 v1: Ed25519 without public key, EC with it (as OpenSSL does). */
  public static byte[] encode(KeyType type, SecretBytes secretKey, byte[] rawPublicKey) {
    byte[] secret = secretKey.toArray();
    if (type == KeyType.ED25519) {
      return DerWriter.sequence(
          DerWriter.smallInteger(0),
          DerWriter.sequence(DerWriter.oid(KeyOids.ED25519)),
          DerWriter.octetString(DerWriter.octetString(secret)));
    }
    byte[] ecPrivateKey =
        DerWriter.sequence(
            DerWriter.smallInteger(1),
            DerWriter.octetString(secret),
            DerWriter.element(CONTEXT_1, DerWriter.bitString(rawPublicKey)));
    return DerWriter.sequence(
        DerWriter.smallInteger(0),
        DerWriter.sequence(
            DerWriter.oid(KeyOids.EC_PUBLIC_KEY), DerWriter.oid(KeyOids.curveOid(type))),
        DerWriter.octetString(ecPrivateKey));
  }

  /** Decodes a PKCS#8 PrivateKeyInfo or OneAsymmetricKey. */
  public static Decoded decode(byte[] der) throws DerException, UnsupportedKeyException {
    DerReader outer = DerReader.of(der);
    DerReader info = outer.sequence("PrivateKeyInfo");
    outer.expectEnd("PrivateKeyInfo");
    BigInteger version = info.nonNegativeInteger("version", 1);
    if (version.compareTo(BigInteger.ONE) > 0) {
      throw new DerException("PrivateKeyInfo version " + version + " (expected 0 or 1)");
    }
    KeyType type = SpkiCodec.algorithm(info.sequence("privateKeyAlgorithm"));
    byte[] privateKey = info.octetString("privateKey");
    if (info.peekTag() == CONTEXT_0) {
      info.read(CONTEXT_0, "attributes"); // attributes carry nothing we use
    }
    byte[] outerPublic = null;
    if (info.peekTag() == CONTEXT_1_PRIMITIVE) {
      outerPublic = publicKeyBits(info.read(CONTEXT_1_PRIMITIVE, "publicKey").rest());
    }
    info.expectEnd("PrivateKeyInfo");
    if (type == KeyType.ED25519) {
      DerReader inner = DerReader.of(privateKey);
      byte[] seed = inner.octetString("CurvePrivateKey");
      inner.expectEnd("CurvePrivateKey");
      checkLength(seed, "Ed25519 private key");
      return new Decoded(type, SecretBytes.of(seed), outerPublic);
    }
    Decoded ec = decodeEcPrivateKey(privateKey, type);
    return new Decoded(
        type, ec.secret(), outerPublic != null ? outerPublic : ec.embeddedPublicKey());
  }

  /**
   * Decodes a SEC 1 ECPrivateKey (RFC 5915 §3). {@code expected} is the curve already named by an
   * enclosing PKCS#8 structure, or null, in which case the key must name its curve itself.
   */
  public static Decoded decodeEcPrivateKey(byte[] der, KeyType expected)
      throws DerException, UnsupportedKeyException {
    DerReader outer = DerReader.of(der);
    DerReader key = outer.sequence("ECPrivateKey");
    outer.expectEnd("ECPrivateKey");
    if (!BigInteger.ONE.equals(key.nonNegativeInteger("ECPrivateKey version", 1))) {
      throw new DerException("ECPrivateKey version must be 1");
    }
    byte[] scalar = key.octetString("privateKey");
    checkLength(scalar, "EC private key");
    KeyType type = expected;
    if (key.peekTag() == CONTEXT_0) {
      type = namedCurve(key.read(CONTEXT_0, "parameters"), expected);
    }
    if (type == null) {
      throw new DerException("ECPrivateKey does not name its curve");
    }
    byte[] pub = null;
    if (key.peekTag() == CONTEXT_1) {
      DerReader explicit = key.read(CONTEXT_1, "publicKey");
      pub = explicit.bitString("publicKey");
      explicit.expectEnd("publicKey");
    }
    key.expectEnd("ECPrivateKey");
    return new Decoded(type, SecretBytes.of(scalar), pub);
  }

  private static KeyType namedCurve(DerReader params, KeyType expected)
      throws DerException, UnsupportedKeyException {
    byte[] oid = params.oid("namedCurve");
    params.expectEnd("parameters");
    KeyType named =
        KeyOids.curveType(oid)
            .orElseThrow(
                () -> new UnsupportedKeyException("unsupported EC curve " + DerReader.dotted(oid)));
    if (expected != null && named != expected) {
      throw new DerException("ECPrivateKey names a different curve than its AlgorithmIdentifier");
    }
    return named;
  }

  private static byte[] publicKeyBits(byte[] content) throws DerException {
    if (content.length == 0 || content[0] != 0) {
      throw new DerException("publicKey: bit string must have zero unused bits");
    }
    return java.util.Arrays.copyOfRange(content, 1, content.length);
  }

  private static void checkLength(byte[] secret, String what) throws DerException {
    if (secret.length != 32) {
      throw new DerException(what + " must be 32 bytes, got " + secret.length);
    }
  }
}

package io.dooor.common.crypto.internal;

import io.dooor.common.crypto.DerException;
import io.dooor.common.crypto.DerReader;
import io.dooor.common.crypto.DerWriter;
import java.security.MessageDigest;

/**
 * The DER forms of Ed25519 keys (RFC 8410): SubjectPublicKeyInfo (§4) and the PKCS#8 v1
 * PrivateKeyInfo holding a CurvePrivateKey (§7), with the AlgorithmIdentifier's parameters absent
 * (§3). Only these exact forms are read.
 */
public final class Rfc8410 {
  /** id-Ed25519, 1.3.101.112. */
  private static final byte[] ED25519 = {0x2b, 0x65, 0x70};

  private Rfc8410() {}

  public static byte[] spki(byte[] publicKey) {
    return DerWriter.sequence(algorithm(), DerWriter.bitString(publicKey));
  }

  public static byte[] pkcs8(byte[] seed) {
    return DerWriter.sequence(
        DerWriter.smallInteger(0), algorithm(), DerWriter.octetString(DerWriter.octetString(seed)));
  }

  /** The 32-byte key of an Ed25519 SubjectPublicKeyInfo. */
  public static byte[] publicKeyOf(byte[] spki) throws DerException {
    DerReader outer = DerReader.of(spki);
    DerReader info = outer.sequence("SubjectPublicKeyInfo");
    outer.expectEnd("SubjectPublicKeyInfo");
    checkAlgorithm(info);
    byte[] key = info.bitString("subjectPublicKey");
    info.expectEnd("SubjectPublicKeyInfo");
    return key;
  }

  /** The 32-byte seed of an Ed25519 PKCS#8 v1 PrivateKeyInfo. */
  public static byte[] seedOf(byte[] pkcs8) throws DerException {
    DerReader outer = DerReader.of(pkcs8);
    DerReader info = outer.sequence("PrivateKeyInfo");
    outer.expectEnd("PrivateKeyInfo");
    if (info.nonNegativeInteger("version", 1).signum() != 0) {
      throw new DerException("PrivateKeyInfo: version must be 0");
    }
    checkAlgorithm(info);
    DerReader inner = DerReader.of(info.octetString("privateKey"));
    info.expectEnd("PrivateKeyInfo");
    byte[] seed = inner.octetString("CurvePrivateKey");
    inner.expectEnd("CurvePrivateKey");
    return seed;
  }

  private static byte[] algorithm() {
    return DerWriter.sequence(DerWriter.oid(ED25519));
  }

  private static void checkAlgorithm(DerReader info) throws DerException {
    DerReader alg = info.sequence("AlgorithmIdentifier");
    if (!MessageDigest.isEqual(alg.oid("algorithm"), ED25519)) {
      throw new DerException("AlgorithmIdentifier: not id-Ed25519 (1.3.101.112)");
    }
    alg.expectEnd("Ed25519 AlgorithmIdentifier (parameters must be absent, RFC 8410 §3)");
  }
}

package io.dooor.client.auth.internal;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA with SHA-256 (FIPS 186-5 §6.4, SEC 1 §4.1) on P-256 or secp256k1. Signatures are the
 * 64-byte r || s of RFC 9421 §3.3.4 (IEEE P1363); signing is deterministic (RFC 6979) and always
 * produces low-S. On secp256k1, verification also demands low-S, as the Internet Computer and
 * Bitcoin do.
 */
public enum EcdsaCurve {
  P256("secp256r1", false),
  SECP256K1("secp256k1", true);

  public static final int SCALAR_SIZE = 32;
  public static final int POINT_SIZE = 65;
  public static final int SIGNATURE_SIZE = 64;

  private final ECDomainParameters domain;
  private final BigInteger halfOrder;
  private final boolean verifyRequiresLowS;

  EcdsaCurve(String name, boolean verifyRequiresLowS) {
    X9ECParameters x9 = CustomNamedCurves.getByName(name);
    this.domain = new ECDomainParameters(x9);
    this.halfOrder = domain.getN().shiftRight(1);
    this.verifyRequiresLowS = verifyRequiresLowS;
  }

  /** A uniformly random private scalar in [1, n-1]. */
  public BigInteger generatePrivate(SecureRandom random) {
    return BigIntegers.createRandomInRange(
        BigInteger.ONE, domain.getN().subtract(BigInteger.ONE), random);
  }

  /** Throws unless 1 <= d < n. */
  public void checkPrivate(BigInteger d) throws InvalidKeyException {
    if (d.signum() <= 0 || d.compareTo(domain.getN()) >= 0) {
      throw new InvalidKeyException("private scalar out of range [1, n-1]");
    }
  }

  /** The uncompressed SEC 1 encoding (0x04 || X || Y) of d·G. */
  public byte[] publicKey(BigInteger d) {
    return new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize().getEncoded(false);
  }

  /** Signs SHA-256(message); returns r || s with s <= n/2. */
  public byte[] sign(BigInteger d, byte[] message) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, domain));
    BigInteger[] rs = signer.generateSignature(sha256(message));
    BigInteger s = rs[1].compareTo(halfOrder) > 0 ? domain.getN().subtract(rs[1]) : rs[1];
    byte[] out = new byte[SIGNATURE_SIZE];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, SCALAR_SIZE);
    BigIntegers.asUnsignedByteArray(s, out, SCALAR_SIZE, SCALAR_SIZE);
    return out;
  }

  /**
   * A verifier for an uncompressed public point.
   *
   * @throws InvalidKeyException if the encoding is not 65 bytes starting 0x04, or the point is not
   *     on the curve
   */
  public SignatureCheck verifier(byte[] encodedPoint) throws InvalidKeyException {
    if (encodedPoint.length != POINT_SIZE || encodedPoint[0] != 0x04) {
      throw new InvalidKeyException(
          "EC public key must be an uncompressed point of " + POINT_SIZE + " bytes");
    }
    ECPublicKeyParameters key = decode(encodedPoint);
    return (message, signature) -> verify(key, message, signature);
  }

  private ECPublicKeyParameters decode(byte[] encodedPoint) throws InvalidKeyException {
    try {
      ECPoint point = domain.getCurve().decodePoint(encodedPoint);
      return new ECPublicKeyParameters(point, domain);
    } catch (IllegalArgumentException e) { // BouncyCastle's report of an invalid point
      throw new InvalidKeyException("EC public key is not a point on the curve", e);
    }
  }

  private boolean verify(ECPublicKeyParameters key, byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_SIZE) {
      return false;
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, SCALAR_SIZE));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, SCALAR_SIZE, 64));
    if (verifyRequiresLowS && s.compareTo(halfOrder) > 0) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    return verifier.verifySignature(sha256(message), r, s);
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}

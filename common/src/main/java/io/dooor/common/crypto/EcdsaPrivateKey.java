package io.dooor.common.crypto;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * An ECDSA private key on an {@link EcCurve}: the scalar d in [1, n-1], held as {@link SecretBytes}
 * (big-endian, {@code curve.size()} bytes), and its public key d·G. Signing (FIPS 186-5 §6.4.1) is
 * deterministic (RFC 6979 §3.2, HMAC with the curve's hash) and always produces low-S r || s.
 * {@link #toString()} prints only the public key. Immutable and thread-safe.
 */
public final class EcdsaPrivateKey {
  private final EcCurve curve;
  private final SecretBytes scalar;
  private final EcdsaPublicKey publicKey;

  private EcdsaPrivateKey(EcCurve curve, SecretBytes scalar, EcdsaPublicKey publicKey) {
    this.curve = curve;
    this.scalar = scalar;
    this.publicKey = publicKey;
  }

  /** A uniformly random scalar in [1, n-1] from {@code random}. */
  public static EcdsaPrivateKey generate(EcCurve curve, SecureRandom random) {
    BigInteger n = curve.order();
    BigInteger d =
        BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
    try {
      return fromScalar(curve, SecretBytes.of(BigIntegers.asUnsignedByteArray(curve.size(), d)));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("a generated EC key is invalid", e);
    }
  }

  /**
   * The key of a big-endian scalar of {@code curve.size()} bytes.
   *
   * @throws InvalidKeyException if the length is wrong or the scalar is outside [1, n-1]
   */
  public static EcdsaPrivateKey fromScalar(EcCurve curve, SecretBytes scalar)
      throws InvalidKeyException {
    if (scalar.length() != curve.size()) {
      throw new InvalidKeyException(
          "EC private key must be " + curve.size() + " bytes, got " + scalar.length());
    }
    BigInteger d = new BigInteger(1, scalar.toArray());
    if (d.signum() <= 0 || d.compareTo(curve.order()) >= 0) {
      throw new InvalidKeyException("EC private scalar out of range [1, n-1]");
    }
    byte[] q =
        new FixedPointCombMultiplier()
            .multiply(curve.domain().getG(), d)
            .normalize()
            .getEncoded(false);
    return new EcdsaPrivateKey(curve, scalar, EcdsaPublicKey.fromUncompressed(curve, Bytes.of(q)));
  }

  public EcCurve curve() {
    return curve;
  }

  public EcdsaPublicKey publicKey() {
    return publicKey;
  }

  /** The big-endian scalar d. */
  public SecretBytes scalar() {
    return scalar;
  }

  /** Signs HASH(message); returns r || s ({@code 2 * curve.size()} bytes) with s &le; n/2. */
  public byte[] sign(byte[] message) {
    byte[] raw = scalar.toArray();
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, raw), curve.domain()));
    Arrays.fill(raw, (byte) 0);
    BigInteger[] rs = signer.generateSignature(hash(message));
    BigInteger n = curve.order();
    BigInteger s = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1];
    int size = curve.size();
    byte[] out = new byte[2 * size];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, size);
    BigIntegers.asUnsignedByteArray(s, out, size, size);
    return out;
  }

  private Digest digest() {
    return curve == EcCurve.P384 ? new SHA384Digest() : new SHA256Digest();
  }

  private byte[] hash(byte[] message) {
    try {
      return MessageDigest.getInstance(curve.digest()).digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(curve.digest() + " unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "EcdsaPrivateKey[" + curve + " public " + publicKey.uncompressed().hex() + "]";
  }
}

package io.dooor.common.crypto;

import io.dooor.common.Bytes;
import io.dooor.common.crypto.internal.Providers;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * An ECDSA public key on an {@link EcCurve}, the project's one ECDSA verification path (FIPS 186-5
 * §6.4.2, SEC 1 §4.1.4): P-256 through Conscrypt (BoringSSL), P-384 and secp256k1 through
 * BouncyCastle. The point is validated when the key is made (SEC 1 §3.2.2.1: coordinates below p,
 * on the curve, not the point at infinity; the three curves have cofactor 1). Signatures: strict
 * DER (RFC 3279 §2.2.3), IEEE P1363 r || s of exactly twice the scalar size, or (r, s); r and s
 * must lie in [1, n-1], and on secp256k1 s &le; n/2. Immutable and thread-safe.
 */
public final class EcdsaPublicKey {
  /** id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 §2.1.1). */
  private static final byte[] EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 2, 1};

  private final EcCurve curve;
  private final Bytes point;
  private final PublicKey key;
  private final Provider provider;

  /**
   * secp256k1 only: BouncyCastle's own ECDSA, ~10% cheaper per verification than through its JCA
   * provider (no provider lookup, no DER round trip of (r, s)).
   */
  private final ECPublicKeyParameters direct;

  private EcdsaPublicKey(
      EcCurve curve, Bytes point, PublicKey key, Provider provider, ECPoint decoded) {
    this.curve = curve;
    this.point = point;
    this.key = key;
    this.provider = provider;
    this.direct =
        curve == EcCurve.SECP256K1 ? new ECPublicKeyParameters(decoded, curve.domain()) : null;
  }

  /**
   * A key from its uncompressed SEC 1 encoding 0x04 || X || Y (SEC 1 §2.3.3).
   *
   * @throws InvalidKeyException if the encoding has the wrong form or the point is not on the curve
   */
  public static EcdsaPublicKey fromUncompressed(EcCurve curve, Bytes point)
      throws InvalidKeyException {
    byte[] p = point.toArray();
    if (p.length != 1 + 2 * curve.size() || p[0] != 0x04) {
      throw new InvalidKeyException(
          "EC public key must be an uncompressed point of " + (1 + 2 * curve.size()) + " bytes");
    }
    ECPoint decoded = checkOnCurve(curve, p);
    byte[] spki =
        DerWriter.sequence(
            DerWriter.sequence(DerWriter.oid(EC_PUBLIC_KEY), DerWriter.oid(curve.oid())),
            DerWriter.bitString(p));
    Provider provider = curve == EcCurve.P256 ? Providers.p256() : Providers.bouncyCastle();
    try {
      PublicKey key =
          KeyFactory.getInstance("EC", provider).generatePublic(new X509EncodedKeySpec(spki));
      return new EcdsaPublicKey(curve, point, key, provider, decoded);
    } catch (GeneralSecurityException e) {
      throw new InvalidKeyException("EC public key refused: " + e.getMessage(), e);
    }
  }

  /** A key from the raw coordinates X || Y (no 0x04 prefix), as DCAP quotes carry it. */
  public static EcdsaPublicKey fromXy(EcCurve curve, Bytes xy) throws InvalidKeyException {
    if (xy.length() != 2 * curve.size()) {
      throw new InvalidKeyException(
          "raw " + curve + " point of " + xy.length() + " bytes, want " + 2 * curve.size());
    }
    byte[] p = new byte[1 + xy.length()];
    p[0] = 0x04;
    System.arraycopy(xy.toArray(), 0, p, 1, xy.length());
    return fromUncompressed(curve, Bytes.of(p));
  }

  /** A key from a JCA EC public key (e.g. a certificate's) on one of the {@link EcCurve}s. */
  public static EcdsaPublicKey of(PublicKey key) throws InvalidKeyException {
    if (!(key instanceof ECPublicKey ec)) {
      throw new InvalidKeyException("not an EC key: " + key.getAlgorithm());
    }
    EcCurve curve =
        EcCurve.of(ec.getParams())
            .orElseThrow(
                () -> new InvalidKeyException("EC curve is not P-256, P-384 or secp256k1"));
    int n = curve.size();
    byte[] p = new byte[1 + 2 * n];
    p[0] = 0x04;
    try {
      if (ec.getW().getAffineX().signum() < 0 || ec.getW().getAffineY().signum() < 0) {
        throw new InvalidKeyException("EC public key coordinate is negative");
      }
      BigIntegers.asUnsignedByteArray(ec.getW().getAffineX(), p, 1, n);
      BigIntegers.asUnsignedByteArray(ec.getW().getAffineY(), p, 1 + n, n);
    } catch (RuntimeException e) { // a coordinate that is negative, too large, or infinity
      throw new InvalidKeyException("EC public key coordinates out of range", e);
    }
    return fromUncompressed(curve, Bytes.of(p));
  }

  public EcCurve curve() {
    return curve;
  }

  /** The uncompressed SEC 1 encoding 0x04 || X || Y. */
  public Bytes uncompressed() {
    return point;
  }

  /** The key as the provider that verifies it holds it. */
  public PublicKey jcaKey() {
    return key;
  }

  /** Verifies a strict DER ECDSA-Sig-Value (RFC 3279 §2.2.3) over {@code message}. */
  public void verifyDer(byte[] message, byte[] der) throws SignatureException {
    if (curve.requiresLowS()) {
      BigInteger[] rs = EcdsaSignatures.fromDer(der, curve);
      verifyRs(message, rs[0], rs[1]);
      return;
    }
    verifyProvider(message, der);
  }

  /** Verifies an IEEE P1363 r || s signature of exactly {@code 2 * curve.size()} bytes. */
  public void verifyRaw(byte[] message, byte[] rs) throws SignatureException {
    int n = curve.size();
    if (rs.length != 2 * n) {
      throw new SignatureException(
          "ECDSA r || s signature of " + rs.length + " bytes, want " + 2 * n);
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, n));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, n, 2 * n));
    verifyRs(message, r, s);
  }

  /** Verifies the signature (r, s). */
  public void verifyRs(byte[] message, BigInteger r, BigInteger s) throws SignatureException {
    BigInteger order = curve.order();
    if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(order) >= 0 || s.compareTo(order) >= 0) {
      throw new SignatureException("ECDSA r or s outside [1, n-1]");
    }
    if (curve.requiresLowS() && s.compareTo(order.shiftRight(1)) > 0) {
      throw new SignatureException("ECDSA s above n/2 on " + curve);
    }
    if (direct != null) {
      verifyDirect(message, r, s);
      return;
    }
    verifyProvider(message, EcdsaSignatures.toDer(r, s));
  }

  private void verifyDirect(byte[] message, BigInteger r, BigInteger s) throws SignatureException {
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, direct);
    byte[] hash;
    try {
      hash = MessageDigest.getInstance(curve.digest()).digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(curve.digest() + " unavailable", e);
    }
    if (!verifier.verifySignature(hash, r, s)) {
      throw new SignatureException("ECDSA " + curve + " signature does not verify");
    }
  }

  private void verifyProvider(byte[] message, byte[] der) throws SignatureException {
    boolean ok;
    try {
      Signature sig = Signature.getInstance(curve.jcaSignature(), provider);
      sig.initVerify(key);
      sig.update(message);
      ok = sig.verify(der);
    } catch (GeneralSecurityException | RuntimeException e) { // malformed DER from the provider
      ok = false;
    }
    if (!ok) {
      throw new SignatureException("ECDSA " + curve + " signature does not verify");
    }
  }

  private static ECPoint checkOnCurve(EcCurve curve, byte[] p) throws InvalidKeyException {
    try {
      ECPoint q = curve.domain().getCurve().decodePoint(p);
      if (q.isInfinity() || !q.isValid()) {
        throw new InvalidKeyException("EC public key is not a point on " + curve);
      }
      return q;
    } catch (IllegalArgumentException e) { // BouncyCastle's report of an invalid point
      throw new InvalidKeyException("EC public key is not a point on " + curve, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EcdsaPublicKey k && curve == k.curve && point.equals(k.point);
  }

  @Override
  public int hashCode() {
    return point.hashCode();
  }

  @Override
  public String toString() {
    return "EcdsaPublicKey[" + curve + " " + point.hex() + "]";
  }
}

package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.attestation.pki.internal.EcdsaEncoding;
import io.dooor.attestation.pki.internal.Providers;
import io.dooor.common.Bytes;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * ECDSA verification (FIPS 186-5 §6.4.2) for one public key on NIST P-256 with SHA-256 (through
 * Conscrypt/BoringSSL) or P-384 with SHA-384 (through BouncyCastle). Signature encodings: DER (RFC
 * 3279 §2.2.3, strict), IEEE P1363 r||s of exactly twice the order length, and the AMD SEV-SNP form
 * (ABI spec Table 134 "ECDSA P-384 with SHA-384 signature": r and s each 72 bytes little-endian,
 * bytes beyond 48 zero). Immutable and thread-safe. The public key is checked to be a point on the
 * curve when the verifier is made.
 */
public final class EcdsaVerifier {
  /** The supported curve/hash pairs. */
  public enum Curve {
    P256("SHA256withECDSA", 32),
    P384("SHA384withECDSA", 48);

    private final String algorithm;
    private final int size;

    Curve(String algorithm, int size) {
      this.algorithm = algorithm;
      this.size = size;
    }

    /** Byte length of the field and of the order. */
    public int size() {
      return size;
    }
  }

  /**
   * Verifiers by the key's SubjectPublicKeyInfo and by raw point: decoding, the on-curve check and
   * the provider's key translation are pure functions of those bytes (the Intel root, PCK CA and
   * TCB signing keys recur in every verification). Every signature is still verified.
   */
  private static final DecodeMemo<EcdsaVerifier> BY_SPKI = DecodeMemo.create(4096);

  private static final DecodeMemo<EcdsaVerifier> RAW_P256 = DecodeMemo.create(4096);
  private static final DecodeMemo<EcdsaVerifier> RAW_P384 = DecodeMemo.create(1024);

  private final Curve curve;
  private final PublicKey key;
  private final Provider provider;
  private final BigInteger order;

  private EcdsaVerifier(Curve curve, PublicKey key, Provider provider, BigInteger order) {
    this.curve = curve;
    this.key = key;
    this.provider = provider;
    this.order = order;
  }

  /** For an EC public key (e.g. a certificate's); P-256 or P-384 only. */
  public static EcdsaVerifier of(PublicKey key) throws PkiException {
    if (!(key instanceof ECPublicKey ec)) {
      throw new PkiException(Reason.UNSUPPORTED_ALGORITHM, "not an EC key: " + key.getAlgorithm());
    }
    byte[] encoded = key.getEncoded();
    Bytes memoKey = encoded == null ? null : Bytes.of(encoded);
    EcdsaVerifier hit = memoKey == null ? null : BY_SPKI.get(memoKey);
    if (hit != null) {
      return hit;
    }
    EcdsaVerifier v = decode(ec);
    if (memoKey != null) {
      BY_SPKI.put(memoKey, v);
    }
    return v;
  }

  private static EcdsaVerifier decode(ECPublicKey ec) throws PkiException {
    Curve curve = curveOf(ec.getParams());
    EcPoints.checkOnCurve(ec.getW(), ec.getParams());
    Provider p = curve == Curve.P256 ? Providers.p256() : Providers.bouncyCastle();
    try {
      PublicKey translated =
          KeyFactory.getInstance("EC", p).generatePublic(new X509EncodedKeySpec(ec.getEncoded()));
      return new EcdsaVerifier(curve, translated, p, ec.getParams().getOrder());
    } catch (GeneralSecurityException e) {
      throw new PkiException(Reason.MALFORMED, "EC key refused: " + e.getMessage());
    }
  }

  /** For a raw uncompressed point x||y (no 0x04 prefix), as DCAP quotes carry it. */
  public static EcdsaVerifier fromRawPoint(Curve curve, Bytes xy) throws PkiException {
    DecodeMemo<EcdsaVerifier> memo = curve == Curve.P256 ? RAW_P256 : RAW_P384;
    EcdsaVerifier hit = memo.get(xy);
    if (hit != null) {
      return hit;
    }
    EcdsaVerifier v = of(EcPoints.publicKey(curve, xy));
    memo.put(xy, v);
    return v;
  }

  public Curve curve() {
    return curve;
  }

  public PublicKey publicKey() {
    return key;
  }

  /** Verifies a strict DER signature over {@code message}; throws SIGNATURE_INVALID if not. */
  public void verifyDer(Bytes message, Bytes der) throws PkiException {
    verifyDer(message.toArray(), der.toArray());
  }

  /** Verifies a P1363 r||s signature; its length must be exactly 2 * curve size. */
  public void verifyP1363(Bytes message, Bytes rs) throws PkiException {
    byte[] b = rs.toArray();
    int n = curve.size;
    if (b.length != 2 * n) {
      throw new PkiException(
          Reason.SIGNATURE_INVALID, "P1363 signature of " + b.length + " bytes, want " + 2 * n);
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(b, 0, n));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(b, n, 2 * n));
    verifyRs(message.toArray(), r, s);
  }

  /**
   * Verifies the AMD SEV-SNP signature form: {@code r} and {@code s} little-endian, each at least
   * the curve size, with every byte beyond the curve size zero.
   */
  public void verifyLittleEndian(Bytes message, Bytes r, Bytes s) throws PkiException {
    verifyRs(message.toArray(), littleEndian(r.toArray()), littleEndian(s.toArray()));
  }

  private BigInteger littleEndian(byte[] le) throws PkiException {
    for (int i = curve.size; i < le.length; i++) {
      if (le[i] != 0) {
        throw new PkiException(Reason.SIGNATURE_INVALID, "non-zero byte beyond the curve size");
      }
    }
    byte[] be = new byte[Math.min(le.length, curve.size)];
    for (int i = 0; i < be.length; i++) {
      be[i] = le[be.length - 1 - i];
    }
    return new BigInteger(1, be);
  }

  private void verifyRs(byte[] message, BigInteger r, BigInteger s) throws PkiException {
    if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(order) >= 0 || s.compareTo(order) >= 0) {
      throw new PkiException(Reason.SIGNATURE_INVALID, "ECDSA r or s outside [1, n-1]");
    }
    verifyDer(message, EcdsaEncoding.toDer(r, s));
  }

  private void verifyDer(byte[] message, byte[] der) throws PkiException {
    boolean ok;
    try {
      Signature sig = Signature.getInstance(curve.algorithm, provider);
      sig.initVerify(key);
      sig.update(message);
      ok = sig.verify(der);
    } catch (GeneralSecurityException | RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      throw new PkiException(Reason.SIGNATURE_INVALID, "ECDSA " + curve + " signature invalid");
    }
  }

  private static Curve curveOf(ECParameterSpec params) throws PkiException {
    for (Curve c : Curve.values()) {
      if (EcPoints.params(c).getCurve().equals(params.getCurve())
          && EcPoints.params(c).getOrder().equals(params.getOrder())) {
        return c;
      }
    }
    throw new PkiException(Reason.UNSUPPORTED_ALGORITHM, "EC curve is neither P-256 nor P-384");
  }
}

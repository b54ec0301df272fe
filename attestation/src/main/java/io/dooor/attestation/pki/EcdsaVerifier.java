package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.common.Bytes;
import io.dooor.common.crypto.EcCurve;
import io.dooor.common.crypto.EcdsaPublicKey;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;

/**
 * ECDSA verification for one public key on NIST P-256 with SHA-256 or P-384 with SHA-384: the
 * attestation adapter of the one ECDSA path, {@link EcdsaPublicKey} (FIPS 186-5 §6.4.2; P-256
 * through Conscrypt/BoringSSL, P-384 through BouncyCastle), with {@link PkiException} reasons.
 * Signature encodings: DER (RFC 3279 §2.2.3, strict), IEEE P1363 r||s of exactly twice the order
 * length, and the AMD SEV-SNP form (ABI spec Table 134 "ECDSA P-384 with SHA-384 signature": r and
 * s each 72 bytes little-endian, bytes beyond 48 zero). Immutable and thread-safe. The public key
 * is checked to be a point on the curve when the verifier is made.
 */
public final class EcdsaVerifier {
  /** The supported curve/hash pairs. */
  public enum Curve {
    P256(EcCurve.P256),
    P384(EcCurve.P384);

    private final EcCurve curve;

    Curve(EcCurve curve) {
      this.curve = curve;
    }

    /** Byte length of the field and of the order. */
    public int size() {
      return curve.size();
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
  private final EcdsaPublicKey key;

  private EcdsaVerifier(Curve curve, EcdsaPublicKey key) {
    this.curve = curve;
    this.key = key;
  }

  /** For an EC public key (e.g. a certificate's); P-256 or P-384 only. */
  public static EcdsaVerifier of(PublicKey key) throws PkiException {
    byte[] encoded = key.getEncoded();
    Bytes memoKey = encoded == null ? null : Bytes.of(encoded);
    EcdsaVerifier hit = memoKey == null ? null : BY_SPKI.get(memoKey);
    if (hit != null) {
      return hit;
    }
    EcdsaVerifier v = decode(key);
    if (memoKey != null) {
      BY_SPKI.put(memoKey, v);
    }
    return v;
  }

  private static EcdsaVerifier decode(PublicKey key) throws PkiException {
    if (!(key instanceof ECPublicKey ec)) {
      throw new PkiException(Reason.UNSUPPORTED_ALGORITHM, "not an EC key: " + key.getAlgorithm());
    }
    EcCurve c = EcCurve.of(ec.getParams()).orElse(EcCurve.SECP256K1);
    if (c == EcCurve.SECP256K1) {
      throw new PkiException(Reason.UNSUPPORTED_ALGORITHM, "EC curve is neither P-256 nor P-384");
    }
    try {
      return new EcdsaVerifier(curve(c), EcdsaPublicKey.of(ec));
    } catch (InvalidKeyException e) {
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
    EcdsaVerifier v;
    try {
      v = new EcdsaVerifier(curve, EcdsaPublicKey.fromXy(curve.curve, xy));
    } catch (InvalidKeyException e) {
      throw new PkiException(Reason.MALFORMED, e.getMessage());
    }
    memo.put(xy, v);
    return v;
  }

  private static Curve curve(EcCurve c) {
    return c == EcCurve.P256 ? Curve.P256 : Curve.P384;
  }

  public Curve curve() {
    return curve;
  }

  public PublicKey publicKey() {
    return key.jcaKey();
  }

  /** Verifies a strict DER signature over {@code message}; throws SIGNATURE_INVALID if not. */
  public void verifyDer(Bytes message, Bytes der) throws PkiException {
    try {
      key.verifyDer(message.toArray(), der.toArray());
    } catch (SignatureException e) {
      throw invalid(e);
    }
  }

  /** Verifies a P1363 r||s signature; its length must be exactly 2 * curve size. */
  public void verifyP1363(Bytes message, Bytes rs) throws PkiException {
    try {
      key.verifyRaw(message.toArray(), rs.toArray());
    } catch (SignatureException e) {
      throw invalid(e);
    }
  }

  /**
   * Verifies the AMD SEV-SNP signature form: {@code r} and {@code s} little-endian, each at least
   * the curve size, with every byte beyond the curve size zero.
   */
  public void verifyLittleEndian(Bytes message, Bytes r, Bytes s) throws PkiException {
    try {
      key.verifyRs(message.toArray(), littleEndian(r.toArray()), littleEndian(s.toArray()));
    } catch (SignatureException e) {
      throw invalid(e);
    }
  }

  private BigInteger littleEndian(byte[] le) throws PkiException {
    int size = curve.size();
    for (int i = size; i < le.length; i++) {
      if (le[i] != 0) {
        throw new PkiException(Reason.SIGNATURE_INVALID, "non-zero byte beyond the curve size");
      }
    }
    byte[] be = new byte[Math.min(le.length, size)];
    for (int i = 0; i < be.length; i++) {
      be[i] = le[be.length - 1 - i];
    }
    return new BigInteger(1, be);
  }

  private PkiException invalid(SignatureException e) {
    return new PkiException(Reason.SIGNATURE_INVALID, "ECDSA " + curve + ": " + e.getMessage());
  }
}

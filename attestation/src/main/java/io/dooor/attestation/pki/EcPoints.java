package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.common.Bytes;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/** Curve parameters and point validation (SEC 1 v2 §3.2.2.1) for P-256 and P-384. */
final class EcPoints {
  private static final Map<EcdsaVerifier.Curve, ECParameterSpec> PARAMS = load();

  private EcPoints() {}

  static ECParameterSpec params(EcdsaVerifier.Curve c) {
    return PARAMS.get(c);
  }

  /** Checks 0 <= x, y < p and y^2 = x^3 + ax + b (mod p); the curves have cofactor 1. */
  static void checkOnCurve(ECPoint w, ECParameterSpec params) throws PkiException {
    if (w.equals(ECPoint.POINT_INFINITY)) {
      throw new PkiException(Reason.MALFORMED, "public key is the point at infinity");
    }
    BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      throw new PkiException(Reason.MALFORMED, "public key coordinate out of range");
    }
    BigInteger lhs = y.multiply(y).mod(p);
    BigInteger rhs =
        x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
    if (!lhs.equals(rhs)) {
      throw new PkiException(Reason.MALFORMED, "public key is not on the curve");
    }
  }

  static PublicKey publicKey(EcdsaVerifier.Curve c, Bytes xy) throws PkiException {
    byte[] b = xy.toArray();
    if (b.length != 2 * c.size()) {
      throw new PkiException(
          Reason.MALFORMED, "raw " + c + " point of " + b.length + " bytes, want " + 2 * c.size());
    }
    ECPoint w =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(b, 0, c.size())),
            new BigInteger(1, Arrays.copyOfRange(b, c.size(), b.length)));
    checkOnCurve(w, params(c));
    try {
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params(c)));
    } catch (GeneralSecurityException e) {
      throw new PkiException(Reason.MALFORMED, "raw point refused: " + e.getMessage());
    }
  }

  private static Map<EcdsaVerifier.Curve, ECParameterSpec> load() {
    Map<EcdsaVerifier.Curve, ECParameterSpec> m = new EnumMap<>(EcdsaVerifier.Curve.class);
    try {
      m.put(EcdsaVerifier.Curve.P256, named("secp256r1"));
      m.put(EcdsaVerifier.Curve.P384, named("secp384r1"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks NIST curves", e);
    }
    return m;
  }

  private static ECParameterSpec named(String name) throws GeneralSecurityException {
    AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
    ap.init(new ECGenParameterSpec(name));
    return ap.getParameterSpec(ECParameterSpec.class);
  }
}

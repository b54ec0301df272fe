package io.dooor.attestation.dcap.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.conscrypt.Conscrypt;

/**
 * ECDSA P-256 with SHA-256 (FIPS 186-5 §6.4.2) through BoringSSL via Conscrypt: the one signature
 * adapter every DCAP check uses (quote, QE report, certificates, CRLs, TCB info, QE identity).
 * Signatures come either DER-encoded (X.509, CRLs; strict DER, as BoringSSL enforces) or as raw
 * r||s (IEEE P1363, 64 bytes: quotes and collateral). Keys are checked to be valid P-256 points
 * when they are decoded.
 */
public final class EcdsaP256 {
  private static final Provider PROVIDER = Conscrypt.newProvider();
  private static final byte[] SPKI_PREFIX =
      java.util.HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
  private static final ThreadLocal<Signature> VERIFIER =
      ThreadLocal.withInitial(EcdsaP256::newVerifier);

  private EcdsaP256() {}

  private static Signature newVerifier() {
    try {
      return Signature.getInstance("SHA256withECDSA", PROVIDER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Conscrypt lacks SHA256withECDSA", e);
    }
  }

  /** A P-256 key from raw x||y (64 bytes); throws if it is not a point on the curve. */
  public static PublicKey rawKey(byte[] xy) throws GeneralSecurityException {
    if (xy.length != 64) {
      throw new GeneralSecurityException("raw P-256 key must be 64 bytes, got " + xy.length);
    }
    byte[] spki = new byte[SPKI_PREFIX.length + 65];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
    spki[SPKI_PREFIX.length] = 0x04;
    System.arraycopy(xy, 0, spki, SPKI_PREFIX.length + 1, 64);
    return spkiKey(spki);
  }

  /** A P-256 key from a DER SubjectPublicKeyInfo; refuses other curves and invalid points. */
  public static PublicKey spkiKey(byte[] spki) throws GeneralSecurityException {
    PublicKey key =
        KeyFactory.getInstance("EC", PROVIDER).generatePublic(new X509EncodedKeySpec(spki));
    if (!(key instanceof ECPublicKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new GeneralSecurityException("not a P-256 key");
    }
    return key;
  }

  /** Converts any EC public key to one BoringSSL verifies with directly. */
  public static PublicKey convert(PublicKey key) throws GeneralSecurityException {
    return spkiKey(key.getEncoded());
  }

  /** Verifies a DER-encoded ECDSA signature; false on any mismatch or malformed encoding. */
  public static boolean verifyDer(PublicKey key, byte[] message, byte[] der) {
    try {
      Signature s = VERIFIER.get();
      s.initVerify(key);
      s.update(message);
      return s.verify(der);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Verifies a raw r||s (P1363) signature: exactly 64 bytes, else false. */
  public static boolean verifyP1363(PublicKey key, byte[] message, byte[] rs) {
    if (rs.length != 64) {
      return false;
    }
    return verifyDer(key, message, toDer(rs));
  }

  /** Encodes r||s as a DER ECDSA-Sig-Value (SEQUENCE of two minimal INTEGERs). */
  static byte[] toDer(byte[] rs) {
    byte[] r = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 0, 32)).toByteArray();
    byte[] s = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 32, 64)).toByteArray();
    byte[] out = new byte[6 + r.length + s.length];
    out[0] = 0x30;
    out[1] = (byte) (4 + r.length + s.length);
    out[2] = 0x02;
    out[3] = (byte) r.length;
    System.arraycopy(r, 0, out, 4, r.length);
    out[4 + r.length] = 0x02;
    out[5 + r.length] = (byte) s.length;
    System.arraycopy(s, 0, out, 6 + r.length, s.length);
    return out;
  }
}

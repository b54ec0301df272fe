package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.attestation.pki.internal.Providers;
import io.dooor.common.Bytes;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * RSASSA-PSS verification (RFC 8017 §8.1.2) with SHA-384, MGF1-SHA-384, salt length 48 and trailer
 * field 1: the parameters of AMD's ARK/ASK/ASVK/VCEK/VLEK certificates (AMD KDS spec §2). Keys must
 * be RSA with a modulus of at least 2048 bits. Stateless and thread-safe.
 */
public final class RsaPssVerifier {
  /** Salt length in bytes (equals the SHA-384 output length). */
  public static final int SALT_LENGTH = 48;

  private static final PSSParameterSpec PARAMS =
      new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, SALT_LENGTH, 1);

  private RsaPssVerifier() {}

  /** Verifies {@code signature} over {@code message}; throws SIGNATURE_INVALID if it fails. */
  public static void verifySha384(PublicKey key, Bytes message, Bytes signature)
      throws PkiException {
    verifySha384(key, message.toArray(), signature.toArray());
  }

  static void verifySha384(PublicKey key, byte[] message, byte[] signature) throws PkiException {
    if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
      throw new PkiException(
          Reason.UNSUPPORTED_ALGORITHM, "RSA-PSS needs an RSA key of at least 2048 bits");
    }
    boolean ok;
    try {
      Signature s = Signature.getInstance("RSASSA-PSS", Providers.bouncyCastle());
      s.setParameter(PARAMS);
      s.initVerify(key);
      s.update(message);
      ok = s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      throw new PkiException(Reason.SIGNATURE_INVALID, "RSA-PSS SHA-384 signature invalid");
    }
  }
}

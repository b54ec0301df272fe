package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import java.io.IOException;
import java.security.PublicKey;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Verifies the signature of a certificate or CRL (RFC 5280 §4.1.1.2-3) with the issuer's key,
 * through the same adapters evidence uses: ecdsa-with-SHA256 needs a P-256 key, ecdsa-with-SHA384 a
 * P-384 key (RFC 5758 §3.2), RSASSA-PSS exactly SHA-384/MGF1-SHA-384/salt 48/trailer 1 (RFC 4055
 * §3.1). Other algorithms are UNSUPPORTED_ALGORITHM.
 */
final class SignedObjects {
  static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";
  static final String ECDSA_SHA384 = "1.2.840.10045.4.3.3";
  static final String RSA_PSS = "1.2.840.113549.1.1.10";

  private SignedObjects() {}

  /** Decodes an issuer's EC key into a verifier (possibly remembered by the caller). */
  interface EcKeys {
    EcdsaVerifier of(PublicKey key) throws PkiException;
  }

  static void verify(
      String sigAlgOid, byte[] sigAlgParams, PublicKey issuer, byte[] tbs, byte[] sig, int link)
      throws PkiException {
    verify(sigAlgOid, sigAlgParams, issuer, tbs, sig, link, EcdsaVerifier::of);
  }

  static void verify(
      String sigAlgOid,
      byte[] sigAlgParams,
      PublicKey issuer,
      byte[] tbs,
      byte[] sig,
      int link,
      EcKeys keys)
      throws PkiException {
    try {
      switch (sigAlgOid) {
        case ECDSA_SHA256 -> ecdsa(EcdsaVerifier.Curve.P256, keys.of(issuer), tbs, sig);
        case ECDSA_SHA384 -> ecdsa(EcdsaVerifier.Curve.P384, keys.of(issuer), tbs, sig);
        case RSA_PSS -> {
          checkPssParams(sigAlgParams);
          RsaPssVerifier.verifySha384(issuer, tbs, sig);
        }
        default ->
            throw new PkiException(
                Reason.UNSUPPORTED_ALGORITHM, "signature algorithm " + sigAlgOid);
      }
    } catch (PkiException e) {
      throw new PkiException(e.reason(), link, e.getMessage());
    }
  }

  private static void ecdsa(EcdsaVerifier.Curve want, EcdsaVerifier v, byte[] tbs, byte[] sig)
      throws PkiException {
    if (v.curve() != want) {
      throw new PkiException(
          Reason.UNSUPPORTED_ALGORITHM, "issuer key is " + v.curve() + ", algorithm wants " + want);
    }
    v.verifyDer(io.dooor.common.Bytes.of(tbs), io.dooor.common.Bytes.of(sig));
  }

  private static void checkPssParams(byte[] encoded) throws PkiException {
    RSASSAPSSparams p;
    try {
      p = RSASSAPSSparams.getInstance(ASN1Primitive.fromByteArray(encoded));
    } catch (IOException | RuntimeException e) {
      throw new PkiException(Reason.MALFORMED, "bad RSASSA-PSS parameters");
    }
    boolean ok =
        isSha384(p.getHashAlgorithm())
            && p.getMaskGenAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.id_mgf1)
            && isSha384(AlgorithmIdentifier.getInstance(p.getMaskGenAlgorithm().getParameters()))
            && p.getSaltLength().intValueExact() == RsaPssVerifier.SALT_LENGTH
            && p.getTrailerField().intValueExact() == 1;
    if (!ok) {
      throw new PkiException(
          Reason.UNSUPPORTED_ALGORITHM, "RSASSA-PSS parameters other than SHA-384/MGF1/48/1");
    }
  }

  private static boolean isSha384(AlgorithmIdentifier a) {
    return a != null && a.getAlgorithm().equals(NISTObjectIdentifiers.id_sha384);
  }
}

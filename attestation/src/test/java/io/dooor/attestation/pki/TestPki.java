package io.dooor.attestation.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds small throw-away P-256 PKIs for tests of chain rules the vendor vectors lack. */
final class TestPki {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private TestPki() {}

  static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /** A certificate for {@code subject} signed by {@code issuerKeys}; ca < 0 means end entity. */
  static X509Certificate cert(
      String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, int ca, long serial)
      throws Exception {
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(serial),
            Date.from(T0),
            Date.from(T0.plusSeconds(86_400L * 365)),
            new X500Name(subject),
            subjectKeys.getPublic());
    if (ca >= 0) {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    }
    return new JcaX509CertificateConverter().getCertificate(b.build(signer(issuerKeys)));
  }

  /**
   * Like {@link #cert} with key identifiers: {@code ski} as subject key identifier and {@code aki}
   * as authority key identifier (each omitted when null).
   */
  static X509Certificate certWithIds(
      String subject,
      KeyPair subjectKeys,
      String issuer,
      KeyPair issuerKeys,
      int ca,
      long serial,
      byte[] ski,
      byte[] aki)
      throws Exception {
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(serial),
            Date.from(T0),
            Date.from(T0.plusSeconds(86_400L * 365)),
            new X500Name(subject),
            subjectKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca >= 0));
    if (ca >= 0) {
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }
    if (ski != null) {
      b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(ski));
    }
    if (aki != null) {
      b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(aki));
    }
    return new JcaX509CertificateConverter().getCertificate(b.build(signer(issuerKeys)));
  }

  /** A CRL carrying {@code aki} as its authority key identifier. */
  static X509CRL crlWithAki(String issuer, KeyPair issuerKeys, Instant nextUpdate, byte[] aki)
      throws Exception {
    X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name(issuer), Date.from(T0));
    b.setNextUpdate(Date.from(nextUpdate));
    b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(aki));
    return new JcaX509CRLConverter().getCRL(b.build(signer(issuerKeys)));
  }

  static X509CRL crl(String issuer, KeyPair issuerKeys, Instant nextUpdate, long... revoked)
      throws Exception {
    X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name(issuer), Date.from(T0));
    b.setNextUpdate(Date.from(nextUpdate));
    for (long s : revoked) {
      b.addCRLEntry(BigInteger.valueOf(s), Date.from(T0), CRLReason.keyCompromise);
    }
    return new JcaX509CRLConverter().getCRL(b.build(signer(issuerKeys)));
  }

  private static ContentSigner signer(KeyPair k) throws Exception {
    return new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate());
  }
}

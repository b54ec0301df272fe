package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.dcap.DcapException.Reason;
import io.dooor.attestation.dcap.PckExtensions;
import io.dooor.attestation.dcap.PckExtensionsParser;
import io.dooor.attestation.intel.CollateralRequest.PckCa;
import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.EcdsaVerifier;
import io.dooor.attestation.pki.PkiException;
import io.dooor.common.Bytes;
import io.dooor.common.crypto.DerException;
import io.dooor.common.crypto.DerReader;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The decoded (not yet chain-verified) PCK certificate chain of a quote's certification data type
 * 5: leaf, PCK Platform/Processor CA, root, PEM (Intel SGX PCK Certificate and CRL Profile §1.3).
 *
 * @param leafKey the PCK leaf's P-256 key, for the QE report signature
 */
public record PckChain(
    List<X509Certificate> certificates, PckExtensions extensions, EcdsaVerifier leafKey, PckCa ca) {
  private static final String PLATFORM_CA = "Intel SGX PCK Platform CA";
  private static final String PROCESSOR_CA = "Intel SGX PCK Processor CA";

  public PckChain {
    certificates = List.copyOf(certificates);
  }

  public X509Certificate leaf() {
    return certificates.get(0);
  }

  /** Decodes the PEM chain and the leaf's SGX extensions. */
  public static PckChain parse(Bytes certificationData) throws DcapException {
    List<X509Certificate> certs;
    EcdsaVerifier key;
    try {
      certs = new java.util.ArrayList<>();
      for (byte[] der : PemCertificates.certificates(certificationData.toArray(), "pck_chain")) {
        SignedDer.check(der, "pck_chain");
        certs.add(Certificates.parseDer(Bytes.of(der)));
      }
      if (certs.size() != 3) {
        throw new DcapException(
            Reason.MALFORMED,
            "pck_chain",
            "PCK chain has " + certs.size() + " certificates, not 3");
      }
      key = EcdsaVerifier.of(certs.get(0).getPublicKey());
    } catch (PkiException e) {
      throw new DcapException(Reason.MALFORMED, "pck_chain", "PCK chain: " + e.getMessage());
    }
    if (key.curve() != EcdsaVerifier.Curve.P256) {
      throw new DcapException(Reason.MALFORMED, "pck_chain", "PCK key is not P-256");
    }
    X509Certificate leaf = certs.get(0);
    String issuer = Names.commonName(leaf.getIssuerX500Principal()).orElse("");
    PckCa ca = issuer.equals(PLATFORM_CA) ? PckCa.PLATFORM : PckCa.PROCESSOR;
    if (!issuer.equals(PLATFORM_CA) && !issuer.equals(PROCESSOR_CA)) {
      throw new DcapException(
          Reason.CHAIN_INVALID, "pck_chain", "PCK leaf not issued by an Intel PCK CA: " + issuer);
    }
    return new PckChain(certs, extensions(leaf), key, ca);
  }

  private static PckExtensions extensions(X509Certificate leaf) throws DcapException {
    byte[] wrapped = leaf.getExtensionValue(PckExtensionsParser.SGX_EXTENSIONS_OID);
    if (wrapped == null) {
      throw new DcapException(Reason.MALFORMED, "pck_extensions", "PCK leaf lacks SGX extensions");
    }
    byte[] inner;
    try {
      DerReader r = DerReader.of(wrapped);
      inner = r.octetString("extnValue");
      r.expectEnd("extnValue");
    } catch (DerException e) {
      throw new DcapException(Reason.MALFORMED, "pck_extensions", e.getMessage());
    }
    return PckExtensionsParser.parse(inner);
  }
}

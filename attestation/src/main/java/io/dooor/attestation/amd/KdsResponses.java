package io.dooor.attestation.amd;

import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.PkiException;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Decoders of AMD KDS response bodies (AMD VCEK/KDS spec §4.1-4.3): a VCEK is one DER certificate,
 * cert_chain is PEM with exactly two certificates (ASK or ASVK, then ARK), crl is one DER (or PEM)
 * CRL. Anything else is COLLATERAL_INVALID.
 */
final class KdsResponses {
  private KdsResponses() {}

  static X509Certificate vcek(Bytes body) throws EvidenceException {
    try {
      return Certificates.parseDer(body);
    } catch (PkiException e) {
      throw invalid("VCEK is not one DER certificate: " + e.getMessage());
    }
  }

  static List<X509Certificate> certChain(Bytes body) throws EvidenceException {
    try {
      List<X509Certificate> chain =
          Certificates.parsePem(new String(body.toArray(), StandardCharsets.US_ASCII));
      if (chain.size() != 2) {
        throw invalid("cert_chain holds " + chain.size() + " certificates, want ASK/ASVK + ARK");
      }
      return chain;
    } catch (PkiException e) {
      throw invalid("cert_chain is not PEM certificates: " + e.getMessage());
    }
  }

  static X509CRL crl(Bytes body) throws EvidenceException {
    try {
      return Certificates.parseCrl(body);
    } catch (PkiException e) {
      throw invalid("crl is not an X.509 CRL: " + e.getMessage());
    }
  }

  static EvidenceException invalid(String what) {
    return new EvidenceException(Reason.COLLATERAL_INVALID, "collateral_available: KDS " + what);
  }
}

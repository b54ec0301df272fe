package io.dooor.attestation.snp;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * SNP evidence as the control plane receives it: the raw report, optionally followed by the DER
 * VCEK or VLEK certificate that signed it.
 *
 * @param certificates the appended signing certificate (zero or one)
 */
public record SnpEvidence(SnpReport report, List<X509Certificate> certificates) {
  public SnpEvidence {
    certificates = List.copyOf(certificates);
    if (certificates.size() > 1) {
      throw new IllegalArgumentException("at most one appended certificate");
    }
  }
}

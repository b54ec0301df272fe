package io.dooor.agent.tee;

import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.attestation.snp.SnpReport;
import io.dooor.attestation.snp.SnpReportParser;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns what an SNP guest receives (the ATTESTATION_REPORT and the host's certificate table) into
 * the evidence the control plane's SNP verifier takes: the 0x4A0-byte report, followed by the DER
 * certificate of the key that signed it (VCEK or VLEK, by the report's KEY_INFO) when the table
 * holds it. Without a VCEK in the table the report goes alone and the verifier fetches the VCEK
 * from AMD KDS; a VLEK-signed report without its VLEK is refused here, since nobody could verify
 * it. The result is parsed again as the verifier will parse it, and its REPORT_DATA must be the one
 * asked for.
 */
final class SnpEvidenceAssembly {
  private SnpEvidenceAssembly() {}

  static Bytes assemble(Bytes report, SnpCertificateTable table, Bytes reportData)
      throws TeeDeviceException {
    SnpReport parsed = parseReport(report);
    if (!parsed.reportData().equals(reportData)) {
      throw new TeeDeviceException(
          Reason.REPORT_DATA_MISMATCH, "the SNP report carries other report data than requested");
    }
    Optional<Bytes> cert = signingCertificate(parsed, table);
    Bytes evidence = cert.map(c -> concat(report, c)).orElse(report);
    try {
      SnpReportParser.parseEvidence(evidence);
    } catch (EvidenceException e) {
      throw new TeeDeviceException(
          Reason.MALFORMED_RESPONSE, "SNP certificate: " + e.getMessage(), e);
    }
    return evidence;
  }

  static SnpReport parseReport(Bytes report) throws TeeDeviceException {
    try {
      return SnpReportParser.parse(report);
    } catch (EvidenceException e) {
      throw new TeeDeviceException(Reason.MALFORMED_RESPONSE, "SNP report: " + e.getMessage(), e);
    }
  }

  private static Optional<Bytes> signingCertificate(SnpReport r, SnpCertificateTable table)
      throws TeeDeviceException {
    return switch (r.signingKey()) {
      case VCEK -> table.get(SnpCertificateTable.VCEK);
      case VLEK -> Optional.of(required(table, SnpCertificateTable.VLEK, "VLEK"));
      case NONE ->
          throw new TeeDeviceException(
              Reason.MALFORMED_RESPONSE, "SNP report: KEY_INFO says the report is unsigned");
    };
  }

  private static Bytes required(SnpCertificateTable table, UUID guid, String name)
      throws TeeDeviceException {
    return table
        .get(guid)
        .orElseThrow(
            () ->
                new TeeDeviceException(
                    Reason.CERTIFICATE_MISSING,
                    "the report is " + name + "-signed but the certificate table has no " + name));
  }

  static Bytes concat(Bytes a, Bytes b) {
    byte[] out = new byte[a.length() + b.length()];
    System.arraycopy(a.toArray(), 0, out, 0, a.length());
    System.arraycopy(b.toArray(), 0, out, a.length(), b.length());
    return Bytes.of(out);
  }
}

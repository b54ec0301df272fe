package io.dooor.agent.tee;

import io.dooor.agent.EvidenceSource;
import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.attestation.nitro.NitroDocument;
import io.dooor.attestation.nitro.NitroDocumentParser;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import java.io.IOException;

/**
 * Nitro Enclaves evidence from the NSM: an attestation document whose user_data is the 64 bytes of
 * report data (the control plane's Nitro verifier takes user_data as report data). The document is
 * parsed as the verifier parses it and must carry exactly that user_data; it goes out unchanged.
 */
public final class NitroNsmEvidenceSource implements EvidenceSource {
  private final NsmDevice nsm;

  public NitroNsmEvidenceSource(NsmDevice nsm) {
    this.nsm = nsm;
  }

  @Override
  public TeeType type() {
    return TeeType.NITRO;
  }

  @Override
  public Bytes evidence(Bytes reportData) throws IOException {
    ReportData.check(reportData);
    Bytes document = nsm.attestation(reportData);
    NitroDocument parsed;
    try {
      parsed = NitroDocumentParser.parse(document);
    } catch (EvidenceException e) {
      throw new TeeDeviceException(
          Reason.MALFORMED_RESPONSE, "NSM attestation document: " + e.getMessage(), e);
    }
    if (!parsed.userData().equals(reportData)) {
      throw new TeeDeviceException(
          Reason.REPORT_DATA_MISMATCH, "the NSM document carries other user_data than requested");
    }
    return document;
  }
}

package io.dooor.agent.tee;

import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.dcap.DcapQuote;
import io.dooor.attestation.dcap.DcapQuoteParser;
import io.dooor.attestation.dcap.TdxQuote;
import io.dooor.common.Bytes;

/**
 * A TDX quote as configfs-tsm's {@code tdx_guest} provider returns it (Intel TDX DCAP Quoting
 * Library API, Appendix 4/5: quote v4 or v5), parsed as the control plane's DCAP verifier parses
 * it: it must be a TDX quote and its REPORTDATA the 64 bytes asked for. The evidence is the quote
 * bytes unchanged.
 */
final class TdxQuoteCheck {
  private TdxQuoteCheck() {}

  static Bytes check(Bytes quote, Bytes reportData) throws TeeDeviceException {
    DcapQuote parsed;
    try {
      parsed = DcapQuoteParser.parse(quote);
    } catch (DcapException e) {
      throw new TeeDeviceException(Reason.MALFORMED_RESPONSE, "TDX quote: " + e.getMessage(), e);
    }
    if (!(parsed instanceof TdxQuote)) {
      throw new TeeDeviceException(Reason.MALFORMED_RESPONSE, "tdx_guest returned an SGX quote");
    }
    if (!parsed.reportData().equals(reportData)) {
      throw new TeeDeviceException(
          Reason.REPORT_DATA_MISMATCH, "the TDX quote carries other report data than requested");
    }
    return quote;
  }
}

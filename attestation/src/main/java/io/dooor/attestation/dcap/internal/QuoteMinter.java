package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.Check;
import io.dooor.attestation.dcap.DcapQuote;
import io.dooor.attestation.dcap.PckExtensions;
import io.dooor.attestation.dcap.VerifiedQuote;
import io.dooor.attestation.intel.TcbStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the {@link QuoteEngine} makes a {@link VerifiedQuote} once every check passed. Its
 * constructor is package-private to {@code dcap}, so only that package can supply a minter: {@code
 * DcapEvidenceVerifier} passes {@code VerifiedQuote::new} to the engine it owns.
 */
@FunctionalInterface
public interface QuoteMinter {
  VerifiedQuote mint(
      DcapQuote quote,
      PckExtensions pck,
      TcbStatus tcbStatus,
      List<String> advisoryIds,
      Instant verifiedAt,
      Map<String, String> collateralDigests,
      List<Check> checks);
}

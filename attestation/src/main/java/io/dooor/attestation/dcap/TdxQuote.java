package io.dooor.attestation.dcap;

import io.dooor.common.Bytes;

/**
 * A TDX DCAP quote, version 4 (TDX 1.0 body) or 5 (body type 2 = TDX 1.0, 3 = TDX 1.5).
 *
 * @param bodyType 2 for TDX 1.0 bodies (implicit in v4), 3 for TDX 1.5
 */
public record TdxQuote(
    QuoteHeader header,
    int bodyType,
    TdReport body,
    Bytes signedRegion,
    QuoteSignatureData signatureData,
    int parsedLength)
    implements DcapQuote {
  public static final int BODY_TDX10 = 2;
  public static final int BODY_TDX15 = 3;

  public TdxQuote {
    if (header.teeType() != QuoteHeader.TEE_TDX) {
      throw new IllegalArgumentException("TDX quote must have TEE type 0x81");
    }
    if (bodyType != BODY_TDX10 && bodyType != BODY_TDX15) {
      throw new IllegalArgumentException("TDX body type must be 2 or 3, got " + bodyType);
    }
    if ((bodyType == BODY_TDX15) != body.teeTcbSvn2().isPresent()) {
      throw new IllegalArgumentException("body type 3 and a TDX 1.5 body come together");
    }
  }

  @Override
  public Bytes reportData() {
    return body.reportData();
  }
}

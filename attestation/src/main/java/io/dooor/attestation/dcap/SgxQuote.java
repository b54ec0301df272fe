package io.dooor.attestation.dcap;

import io.dooor.common.Bytes;

/** An SGX DCAP ECDSA quote, version 3 (SGX ECDSA Quote Library API, "Quote Format"). */
public record SgxQuote(
    QuoteHeader header,
    EnclaveReport body,
    Bytes signedRegion,
    QuoteSignatureData signatureData,
    int parsedLength)
    implements DcapQuote {
  public SgxQuote {
    if (header.version() != 3) {
      throw new IllegalArgumentException("SGX quotes are version 3, got " + header.version());
    }
  }

  @Override
  public Bytes reportData() {
    return body.reportData();
  }
}

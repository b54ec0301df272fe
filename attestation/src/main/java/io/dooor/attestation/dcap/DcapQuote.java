package io.dooor.attestation.dcap;

import io.dooor.common.Bytes;

/** A parsed, not yet verified, DCAP ECDSA quote: {@link TdxQuote} or {@link SgxQuote}. */
public sealed interface DcapQuote permits TdxQuote, SgxQuote {
  QuoteHeader header();

  /** The bytes the attestation key signs: header and body (v5: with body type and size). */
  Bytes signedRegion();

  QuoteSignatureData signatureData();

  /** The 64-byte REPORTDATA of the TD or enclave report. */
  Bytes reportData();

  /** The number of bytes the quote's length fields cover; trailing bytes beyond it are ignored. */
  int parsedLength();
}

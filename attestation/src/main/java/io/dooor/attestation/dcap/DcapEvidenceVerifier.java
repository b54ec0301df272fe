package io.dooor.attestation.dcap;

import io.dooor.attestation.dcap.internal.QuoteEngine;
import io.dooor.attestation.intel.CollateralFreshnessPolicy;
import io.dooor.attestation.intel.CollateralSource;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.time.Instant;

/**
 * Verifies Intel DCAP quotes: TDX (quote v4, v5 with TDX 1.0/1.5 bodies) and SGX (ECDSA quote v3),
 * with collateral from a {@link CollateralSource}, to the Intel SGX Root CA pinned in {@link
 * TrustAnchors}, at an explicit instant. Checks: quote signature by the attestation key, QE report
 * signature by the PCK leaf, QE report data binding the attestation key, PCK chain, PCK and root
 * CRLs, TCB info and QE identity chains and signatures and freshness, FMSPC/PCE-ID match, QE
 * identity, TDX module identity, and the TCB status by Intel's algorithm. Thread-safe; verified
 * collateral and PCK chains are cached and re-used only within their validity windows.
 */
public final class DcapEvidenceVerifier extends EvidenceVerifier {
  private final QuoteEngine engine;
  private final CollateralSource source;

  public DcapEvidenceVerifier(CollateralSource source, TrustAnchors anchors) {
    this(source, anchors, CollateralFreshnessPolicy.defaults());
  }

  public DcapEvidenceVerifier(
      CollateralSource source, TrustAnchors anchors, CollateralFreshnessPolicy policy) {
    this.engine = new QuoteEngine(source, anchors, policy, VerifiedQuote::new);
    this.source = source;
  }

  /** The collateral source's version ({@link CollateralSource#version()}). */
  @Override
  public String collateralVersion(TeeType type) {
    return source.version();
  }

  @Override
  public boolean supports(TeeType type) {
    return type == TeeType.TDX || type == TeeType.SGX;
  }

  @Override
  public VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at)
      throws EvidenceException {
    if (!supports(type)) {
      throw new EvidenceException(
          EvidenceException.Reason.UNSUPPORTED_FORMAT, "quote_format: not a DCAP type: " + type);
    }
    try {
      VerifiedQuote v = verifyQuote(evidence, at);
      boolean tdx = v.quote() instanceof TdxQuote;
      if (tdx != (type == TeeType.TDX)) {
        throw new EvidenceException(
            EvidenceException.Reason.UNSUPPORTED_FORMAT,
            "quote_format: evidence is " + (tdx ? "TDX" : "SGX") + ", not " + type);
      }
      return verified(EvidenceMapping.toClaims(v));
    } catch (DcapException e) {
      throw new EvidenceException(
          EvidenceMapping.reason(e.reason()), e.getMessage(), e.failedChecks());
    }
  }

  /**
   * Verifies a raw quote at {@code at}.
   *
   * @throws DcapException naming every failed check
   */
  public VerifiedQuote verifyQuote(Bytes quote, Instant at) throws DcapException {
    QuoteReport r = engine.run(quote, at);
    if (r.verified().isPresent()) {
      return r.verified().get();
    }
    throw new io.dooor.attestation.dcap.internal.CheckList().withAll(r.checks()).toException();
  }

  /** Runs every check and reports each outcome (for `dooor attest verify`); never throws. */
  public QuoteReport inspect(Bytes quote, Instant at) {
    return engine.run(quote, at);
  }
}

package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.dcap.DcapException.Reason;
import io.dooor.attestation.dcap.DcapQuote;
import io.dooor.attestation.dcap.DcapQuoteParser;
import io.dooor.attestation.dcap.EnclaveReport;
import io.dooor.attestation.dcap.QuoteHeader;
import io.dooor.attestation.dcap.QuoteReport;
import io.dooor.attestation.dcap.QuoteSignatureData;
import io.dooor.attestation.dcap.TdxQuote;
import io.dooor.attestation.dcap.VerifiedQuote;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.intel.CollateralRequest;
import io.dooor.attestation.intel.CollateralSource;
import io.dooor.attestation.intel.IntelCollateral;
import io.dooor.attestation.intel.IsvTcbLevel;
import io.dooor.attestation.intel.QeIdentity;
import io.dooor.attestation.intel.TcbInfo;
import io.dooor.attestation.intel.TcbLevel;
import io.dooor.attestation.pki.CertificateChainVerifier;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.pki.TrustAnchor;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.attestation.pki.VendorRoot;
import io.dooor.attestation.pki.VerifiedChain;
import io.dooor.attestation.pki.VerifiedCrl;
import io.dooor.common.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs every DCAP check on one quote (Intel DCAP Quote Verification Library order: quote, QE
 * report, PCK chain and revocation, collateral, QE identity, TDX module, TCB level) and records
 * each outcome, continuing past failures so that every failed check is named.
 */
public final class QuoteEngine {
  private final CollateralSource source;
  private final Optional<TrustAnchor> root;
  private final CertificateChainVerifier chains = CertificateChainVerifier.cached(256);
  private final CollateralVerifier collateral;
  private final PckChainCache pckChains = new PckChainCache(1024);
  private final SignatureMemo memo = new SignatureMemo();
  private final QuoteMinter minter;
  private volatile VerifiedCrl lastPckCrl;

  /** An engine whose verified quotes {@code minter} makes (see {@link QuoteMinter}). */
  public QuoteEngine(
      CollateralSource source,
      TrustAnchors anchors,
      io.dooor.attestation.intel.CollateralFreshnessPolicy policy,
      QuoteMinter minter) {
    this.source = source;
    this.minter = minter;
    this.root = anchors.find(VendorRoot.INTEL_SGX_ROOT_CA);
    this.collateral = new CollateralVerifier(chains, policy);
  }

  /** Parses and verifies {@code quote} at {@code at}; never throws. */
  public QuoteReport run(Bytes quote, Instant at) {
    CheckList out = new CheckList();
    DcapQuote q;
    try {
      q = DcapQuoteParser.parse(quote);
    } catch (DcapException e) {
      out.fail(e.failedChecks().get(0), e.reason(), e.getMessage());
      return new QuoteReport(Optional.empty(), out.all(), Optional.empty());
    }
    out.pass(
        "quote_structure",
        "quote v" + q.header().version() + ", " + q.parsedLength() + " bytes by its length fields");
    Optional<VerifiedQuote> v = root.isEmpty() ? noAnchor(out) : verify(q, root.get(), at, out);
    return new QuoteReport(Optional.of(q), out.all(), v);
  }

  private static Optional<VerifiedQuote> noAnchor(CheckList out) {
    out.fail("trust_anchor", Reason.CHAIN_INVALID, "no Intel SGX Root CA in the trust folder");
    return Optional.empty();
  }

  private Optional<VerifiedQuote> verify(
      DcapQuote q, TrustAnchor anchor, Instant at, CheckList out) {
    QuoteSignatureData sig = q.signatureData();
    out.check(
        "qe_vendor_id",
        sig != null && q.header().qeVendorId().equals(QuoteHeader.INTEL_QE_VENDOR_ID),
        Reason.IDENTITY_MISMATCH,
        "QE vendor id " + q.header().qeVendorId().hex());
    quoteSignature(q, out);
    Optional<PckChain> pck = pckChains.get(sig.certificationData(), out);
    pck.ifPresent(p -> qeReport(sig, p, out));
    Optional<IntelCollateral> coll = pck.flatMap(p -> fetch(q, p, out));
    Optional<VerifiedCollateral> vc = coll.flatMap(c -> collateral.verify(c, anchor, at, out));
    boolean chainOk = pck.isPresent() && pckChain(pck.get(), vc, anchor, at, out);
    if (pck.isEmpty() || vc.isEmpty() || !chainOk) {
      return Optional.empty();
    }
    return evaluate(q, pck.get(), vc.get(), at, out);
  }

  private void quoteSignature(DcapQuote q, CheckList out) {
    QuoteSignatureData sig = q.signatureData();
    try {
      memo.rawKey(sig.attestationKey()).verifyP1363(q.signedRegion(), sig.quoteSignature());
      out.pass("quote_signature", "ECDSA P-256 by the attestation key over header and body");
    } catch (PkiException e) {
      out.fail("quote_signature", Reason.SIGNATURE_INVALID, e.getMessage());
    }
  }

  private void qeReport(QuoteSignatureData sig, PckChain pck, CheckList out) {
    try {
      memo.verifyP1363(pck.leafKey(), sig.qeReport().raw(), sig.qeReportSignature());
      out.pass("qe_report_signature", "ECDSA P-256 by the PCK leaf over the QE report");
    } catch (PkiException e) {
      out.fail("qe_report_signature", Reason.SIGNATURE_INVALID, e.getMessage());
    }
    byte[] expected = sha256(sig.attestationKey().toArray(), sig.qeAuthData().toArray());
    byte[] rd = sig.qeReport().reportData().toArray();
    byte[] want = new byte[64];
    System.arraycopy(expected, 0, want, 0, 32);
    out.check(
        "qe_report_data_binds_attestation_key",
        MessageDigest.isEqual(rd, want),
        Reason.SIGNATURE_INVALID,
        "QE REPORTDATA = SHA-256(attestation key || QE auth data) || 32 zero bytes");
  }

  private Optional<IntelCollateral> fetch(DcapQuote q, PckChain pck, CheckList out) {
    try {
      IntelCollateral c =
          source.collateral(
              new CollateralRequest(q instanceof TdxQuote, pck.extensions().fmspc(), pck.ca()));
      out.pass("collateral_available", "collateral for FMSPC " + pck.extensions().fmspc().hex());
      return Optional.of(c);
    } catch (CollateralException e) {
      out.fail(
          "collateral_available",
          e.reason() == CollateralException.Reason.STALE
              ? Reason.COLLATERAL_EXPIRED
              : Reason.COLLATERAL_UNAVAILABLE,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** PCK chain to the root, PCK CRL and root CRL (or chain only when collateral failed). */
  private boolean pckChain(
      PckChain pck,
      Optional<VerifiedCollateral> vc,
      TrustAnchor anchor,
      Instant at,
      CheckList out) {
    List<X509CRL> crls = vc.map(c -> List.of(c.pckCrl(), c.rootCrl())).orElse(List.of());
    boolean issuerOk = vc.isEmpty() || crlIssuerMatches(pck, vc.get(), at, out);
    try {
      VerifiedChain chain =
          pckChains.verified(
              pck, crls, at, () -> chains.verify(pck.certificates(), anchor, at, crls));
      out.pass("pck_chain", "PCK leaf -> " + pck.ca().wireName() + " CA -> Intel SGX Root CA");
      if (vc.isPresent()) {
        out.pass("pck_revoked", "PCK leaf and CA not in the PCK and root CRLs");
      }
      return issuerOk && chain != null;
    } catch (PkiException e) {
      String name =
          switch (e.reason()) {
            case REVOKED -> "pck_revoked";
            case CRL_INVALID -> "pck_crl";
            default -> "pck_chain";
          };
      Reason r =
          switch (e.reason()) {
            case REVOKED -> Reason.REVOKED;
            case CRL_INVALID -> Reason.COLLATERAL_INVALID;
            default -> Reason.CHAIN_INVALID;
          };
      out.fail(name, r, "link " + e.link() + ": " + e.getMessage());
      return false;
    }
  }

  /**
   * The PCK CRL strictly by the leaf's issuer: name, key identifier, cRLSign and signature. The
   * verdict for the same CRL and CA objects is reused while {@code at} is inside the CRL's window
   * (a pure function of immutable inputs), so the cached path does not redo it.
   */
  private boolean crlIssuerMatches(PckChain pck, VerifiedCollateral vc, Instant at, CheckList out) {
    X509Certificate ca = pck.certificates().get(1);
    try {
      VerifiedCrl hit = lastPckCrl;
      if (hit == null
          || hit.crl() != vc.pckCrl()
          || hit.issuer() != ca
          || at.isBefore(hit.validFrom())
          || at.isAfter(hit.validUntil())) {
        lastPckCrl = chains.verifyCrl(vc.pckCrl(), ca, at);
      }
      out.pass(
          "pck_crl_issuer_matches_pck_ca",
          "PCK CRL issued and signed by the PCK CA of the quote's chain");
      return true;
    } catch (PkiException e) {
      out.fail("pck_crl_issuer_matches_pck_ca", Reason.COLLATERAL_INVALID, e.getMessage());
      return false;
    }
  }

  private Optional<VerifiedQuote> evaluate(
      DcapQuote q, PckChain pck, VerifiedCollateral vc, Instant at, CheckList out) {
    boolean tdx = q instanceof TdxQuote;
    TcbInfo info = vc.tcbInfo();
    QeIdentity qeId = vc.qeIdentity();
    out.check(
        "tcb_info_kind",
        info.id().equals(tdx ? "TDX" : "SGX"),
        Reason.COLLATERAL_INVALID,
        "TCB info id " + info.id());
    out.check(
        "tcb_info_fmspc_matches_pck",
        info.fmspc().equals(pck.extensions().fmspc()),
        Reason.COLLATERAL_INVALID,
        "TCB info FMSPC " + info.fmspc().hex());
    out.check(
        "tcb_info_pceid_matches_pck",
        info.pceId().equals(pck.extensions().pceId()),
        Reason.COLLATERAL_INVALID,
        "TCB info PCE-ID " + info.pceId().hex());
    EnclaveReport qe = q.signatureData().qeReport();
    boolean qeOk = QeIdentityMatch.check(qeId, qe, tdx, out);
    Optional<IsvTcbLevel> qeLevel = qeOk ? TcbEvaluator.qeLevel(qeId, qe, out) : Optional.empty();
    Optional<Optional<IsvTcbLevel>> module =
        tdx
            ? TcbEvaluator.tdxModule(info, ((TdxQuote) q).body(), out)
            : Optional.of(Optional.empty());
    Optional<TcbLevel> level =
        TcbEvaluator.platformLevel(
            info,
            pck.extensions(),
            tdx ? Optional.of(((TdxQuote) q).body()) : Optional.empty(),
            out);
    if (out.anyFailed() || qeLevel.isEmpty() || module.isEmpty() || level.isEmpty()) {
      return Optional.empty();
    }
    TcbEvaluator.Verdict v = TcbEvaluator.converge(level.get(), qeLevel.get(), module.get());
    out.check(
        "tcb_not_revoked",
        v.status() != io.dooor.attestation.intel.TcbStatus.REVOKED,
        Reason.REVOKED,
        "TCB status " + v.status().wireName());
    if (out.anyFailed()) {
      return Optional.empty();
    }
    return Optional.of(
        minter.mint(q, pck.extensions(), v.status(), v.advisoryIds(), at, vc.digests(), out.all()));
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}

package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException.Reason;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.intel.CollateralFreshnessPolicy;
import io.dooor.attestation.intel.CollateralJsonParser;
import io.dooor.attestation.intel.IntelCollateral;
import io.dooor.attestation.intel.QeIdentity;
import io.dooor.attestation.intel.TcbInfo;
import io.dooor.attestation.pki.CertificateChainVerifier;
import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.EcdsaVerifier;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.pki.TrustAnchor;
import io.dooor.attestation.pki.VerifiedChain;
import io.dooor.common.Bytes;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Verifies Intel collateral (Intel PCS API v4): Root CA CRL and PCK CRL decode, TCB info and QE
 * identity issuer chains to the pinned Intel SGX Root CA (the signer must be the "Intel SGX TCB
 * Signing" certificate, checked against the root CRL), their ECDSA P-256 signatures over the exact
 * JSON bytes, and their freshness under the policy. Verdicts are cached per collateral object and
 * reused while the instant stays inside the verified window.
 */
public final class CollateralVerifier {
  private static final String TCB_SIGNER = "Intel SGX TCB Signing";

  private final CertificateChainVerifier chains;
  private final CollateralFreshnessPolicy policy;
  private final ChainDecoder decoder = new ChainDecoder();
  private volatile VerifiedCollateral last;

  public CollateralVerifier(CertificateChainVerifier chains, CollateralFreshnessPolicy policy) {
    this.chains = chains;
    this.policy = policy;
  }

  /** Verifies {@code c} at {@code at}, adding its checks to {@code out}; empty on failure. */
  public Optional<VerifiedCollateral> verify(
      IntelCollateral c, TrustAnchor root, Instant at, CheckList out) {
    VerifiedCollateral hit = last;
    if (hit != null && hit.source() == c && hit.validAt(at)) {
      out.addAll(hit.checks());
      return Optional.of(hit);
    }
    CheckList mine = new CheckList();
    Optional<VerifiedCollateral> v = verifyFully(c, root, at, mine);
    out.addAll(mine.all());
    v.ifPresent(x -> last = x);
    return v;
  }

  private Optional<VerifiedCollateral> verifyFully(
      IntelCollateral c, TrustAnchor root, Instant at, CheckList out) {
    Optional<X509CRL> rootCrl = crl(c.rootCaCrl(), "root_ca_crl", out);
    Optional<X509CRL> pckCrl = crl(c.pckCrl(), "pck_crl", out);
    if (rootCrl.isEmpty() || pckCrl.isEmpty()) {
      return Optional.empty();
    }
    rootCrlIssuer(rootCrl.get(), root, at, out);
    List<X509CRL> crls = List.of(rootCrl.get());
    Optional<VerifiedChain> tcbChain =
        signerChain(c.tcbInfoIssuerChain(), "tcb_info_issuer_chain", root, at, crls, out);
    Optional<VerifiedChain> qeChain =
        signerChain(c.qeIdentityIssuerChain(), "qe_identity_issuer_chain", root, at, crls, out);
    Optional<VerifiedChain> crlChain =
        chain(c.pckCrlIssuerChain(), "pck_crl_issuer_chain", root, at, crls, out);
    boolean tcbSig =
        tcbChain.isPresent()
            && signature(
                tcbChain.get(), c.tcbInfoBody(), c.tcbInfoSignature(), "tcb_info_signature", out);
    boolean qeSig =
        qeChain.isPresent()
            && signature(
                qeChain.get(),
                c.qeIdentityBody(),
                c.qeIdentitySignature(),
                "qe_identity_signature",
                out);
    Optional<TcbInfo> tcb = tcbSig ? tcbInfo(c.tcbInfoBody(), at, out) : Optional.empty();
    Optional<QeIdentity> qe = qeSig ? qeIdentity(c.qeIdentityBody(), at, out) : Optional.empty();
    if (tcb.isEmpty() || qe.isEmpty() || crlChain.isEmpty() || out.anyFailed()) {
      return Optional.empty();
    }
    Instant from =
        latest(
            tcbChain.get().validFrom(),
            qeChain.get().validFrom(),
            crlChain.get().validFrom(),
            tcb.get().issueDate(),
            qe.get().issueDate());
    Instant until =
        earliest(
            tcbChain.get().validUntil(),
            qeChain.get().validUntil(),
            crlChain.get().validUntil(),
            expiry(tcb.get().issueDate(), tcb.get().nextUpdate()),
            expiry(qe.get().issueDate(), qe.get().nextUpdate()));
    return Optional.of(
        new VerifiedCollateral(
            c,
            tcb.get(),
            qe.get(),
            pckCrl.get(),
            rootCrl.get(),
            from,
            until,
            out.all(),
            c.digests()));
  }

  private Optional<X509CRL> crl(Bytes der, String name, CheckList out) {
    try {
      SignedDer.check(der.toArray(), name + "_format");
      X509CRL crl = Certificates.parseCrlDer(der);
      out.pass(name + "_format", "CRL issued by " + crl.getIssuerX500Principal().getName());
      return Optional.of(crl);
    } catch (io.dooor.attestation.dcap.DcapException e) {
      out.fail(name + "_format", Reason.COLLATERAL_INVALID, e.getMessage());
      return Optional.empty();
    } catch (PkiException e) {
      out.fail(name + "_format", Reason.COLLATERAL_INVALID, e.getMessage());
      return Optional.empty();
    }
  }

  /** The root CRL strictly by the pinned root: name, key identifier, cRLSign and signature. */
  private void rootCrlIssuer(X509CRL crl, TrustAnchor root, Instant at, CheckList out) {
    try {
      chains.verifyCrl(crl, root.certificate(), at);
      out.pass("root_ca_crl_issuer", "Root CA CRL issued and signed by the Intel SGX Root CA");
    } catch (PkiException e) {
      out.fail("root_ca_crl_issuer", Reason.COLLATERAL_INVALID, e.getMessage());
    }
  }

  private Optional<VerifiedChain> signerChain(
      Bytes pem, String name, TrustAnchor root, Instant at, List<X509CRL> crls, CheckList out) {
    Optional<VerifiedChain> v = chain(pem, name, root, at, crls, out);
    if (v.isPresent()
        && !Names.commonName(v.get().leaf().getSubjectX500Principal())
            .orElse("")
            .equals(TCB_SIGNER)) {
      out.fail(name, Reason.CHAIN_INVALID, "signer is not the Intel SGX TCB Signing certificate");
      return Optional.empty();
    }
    return v;
  }

  private Optional<VerifiedChain> chain(
      Bytes pem, String name, TrustAnchor root, Instant at, List<X509CRL> crls, CheckList out) {
    try {
      List<X509Certificate> certs = decoder.decode(pem, root.certificate(), name);
      VerifiedChain v = chains.verify(certs, root, at, crls);
      out.pass(name, "verified to the Intel SGX Root CA, root CRL checked");
      return Optional.of(v);
    } catch (PkiException e) {
      out.fail(name, PkiReasons.of(e), e.getMessage());
      return Optional.empty();
    } catch (io.dooor.attestation.dcap.DcapException e) {
      out.fail(name, Reason.MALFORMED, e.getMessage());
      return Optional.empty();
    }
  }

  private static boolean signature(
      VerifiedChain signer, Bytes body, Bytes sig, String name, CheckList out) {
    try {
      EcdsaVerifier.of(signer.leaf().getPublicKey()).verifyP1363(body, sig);
      out.pass(name, "ECDSA P-256 by " + signer.leaf().getSubjectX500Principal().getName());
      return true;
    } catch (PkiException e) {
      out.fail(name, Reason.SIGNATURE_INVALID, e.getMessage());
      return false;
    }
  }

  private Optional<TcbInfo> tcbInfo(Bytes body, Instant at, CheckList out) {
    try {
      TcbInfo t = CollateralJsonParser.parseTcbInfo(body);
      out.pass("tcb_info_format", "TCB info v" + t.version() + " id " + t.id());
      boolean fresh = policy.accepts(t.issueDate(), t.nextUpdate(), at);
      out.check(
          "tcb_info_fresh",
          fresh,
          Reason.COLLATERAL_EXPIRED,
          policy.explain(t.issueDate(), t.nextUpdate(), at));
      return fresh ? Optional.of(t) : Optional.empty();
    } catch (CollateralException e) {
      out.fail("tcb_info_format", Reason.COLLATERAL_INVALID, e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<QeIdentity> qeIdentity(Bytes body, Instant at, CheckList out) {
    try {
      QeIdentity q = CollateralJsonParser.parseQeIdentity(body);
      out.pass("qe_identity_format", "QE identity v" + q.version() + " id " + q.id());
      boolean fresh = policy.accepts(q.issueDate(), q.nextUpdate(), at);
      out.check(
          "qe_identity_fresh",
          fresh,
          Reason.COLLATERAL_EXPIRED,
          policy.explain(q.issueDate(), q.nextUpdate(), at));
      return fresh ? Optional.of(q) : Optional.empty();
    } catch (CollateralException e) {
      out.fail("qe_identity_format", Reason.COLLATERAL_INVALID, e.getMessage());
      return Optional.empty();
    }
  }

  private Instant expiry(Instant issued, Instant next) {
    Instant byNext = next.plus(policy.grace());
    return policy.maxAge().map(m -> earliest(byNext, issued.plus(m))).orElse(byNext);
  }

  static Instant latest(Instant... xs) {
    Instant r = Instant.MIN;
    for (Instant x : xs) {
      r = x.isAfter(r) ? x : r;
    }
    return r;
  }

  static Instant earliest(Instant... xs) {
    Instant r = Instant.MAX;
    for (Instant x : xs) {
      r = x.isBefore(r) ? x : r;
    }
    return r;
  }
}

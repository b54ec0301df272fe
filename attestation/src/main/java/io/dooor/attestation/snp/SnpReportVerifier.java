package io.dooor.attestation.snp;

import io.dooor.attestation.pki.CertificateChainVerifier;
import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.EcdsaVerifier;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.attestation.pki.VerifiedChain;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies an SNP report (AMD SEV-SNP ABI spec §7.3 "Attestation"; AMD VCEK/KDS spec) as of an
 * instant: the ECDSA P-384 signature over bytes 0x000-0x29F with the VCEK/VLEK key (r, s little
 * endian); the VCEK -> ASK -> ARK or VLEK -> ASVK -> ARK chain (RSA-PSS) to the pinned ARK of the
 * product, with CRLs when given; the certificate's kind matching KEY_INFO.SIGNING_KEY; the product
 * (certificate productName vs CPUID on v3+); for a VCEK, hwID equal to CHIP_ID; and the certified
 * TCB against REPORTED_TCB (Turin layout on Turin). Every check runs whenever its inputs exist; the
 * failures are reported together. Policy (debug, measurements, minimum TCB) is not judged here.
 * Thread-safe.
 */
public final class SnpReportVerifier {
  private final TrustAnchors anchors;
  private final CertificateChainVerifier chains;

  public SnpReportVerifier(TrustAnchors anchors, CertificateChainVerifier chains) {
    this.anchors = anchors;
    this.chains = chains;
  }

  /**
   * @param signingCert the VCEK or VLEK
   * @param intermediates the ASK or ASVK (the ARK may follow; it must be the pinned one)
   * @throws EvidenceException naming every failed check
   */
  public VerifiedSnpReport verify(
      SnpReport report,
      X509Certificate signingCert,
      List<X509Certificate> intermediates,
      List<X509CRL> crls,
      Instant at)
      throws EvidenceException {
    Run run = new Run(report);
    SigningKeyExtensions ext = SigningKeyExtensions.of(signingCert);
    SnpProduct product = run.product(signingCert, ext);
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(signingCert);
    chain.addAll(intermediates);
    Optional<VerifiedChain> verified = run.chain(chain, crls, product, at);
    run.signingKeyKind(signingCert, ext);
    run.signature(signingCert);
    run.chipId(ext);
    TcbVersion reported = TcbVersion.decode(report.reportedTcb(), product);
    TcbVersion certified = ext.tcb(product);
    boolean met = certified.meets(reported);
    run.checks.add(
        SnpCheck.advisory(
            run.name("tcb_equals_reported_tcb"),
            met && reported.meets(certified),
            "certified " + certified + ", reported " + reported));
    run.throwIfFailed();
    return new VerifiedSnpReport(
        report,
        product,
        report.signingKey(),
        ext,
        reported,
        TcbVersion.decode(report.currentTcb(), product),
        certified,
        verified.orElseThrow(),
        met ? "UpToDate" : "OutOfDate",
        run.checks,
        digests(verified.orElseThrow()));
  }

  private static Map<String, String> digests(VerifiedChain chain) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] roles = {"signing_key_cert", "ask_or_asvk", "ark"};
    for (int i = 0; i < chain.certificates().size(); i++) {
      String role = i < roles.length ? roles[i] : "cert" + i;
      out.put(role, Certificates.fingerprint(chain.certificates().get(i)).hex());
    }
    for (int i = 0; i < chain.crls().size(); i++) {
      out.put("crl" + i, Certificates.crlFingerprint(chain.crls().get(i)).hex());
    }
    return out;
  }

  /** The checks of one verification. */
  private final class Run {
    final SnpReport report;
    final List<SnpCheck> checks = new ArrayList<>();
    final String key;
    final String issuer;

    Run(SnpReport report) throws EvidenceException {
      this.report = report;
      if (report.maskChipKey() || report.signingKey() == SnpReport.SigningKey.NONE) {
        throw new EvidenceException(
            Reason.UNSUPPORTED_FORMAT, "report_signing_key: report is not signed (KEY_INFO)");
      }
      boolean vlek = report.signingKey() == SnpReport.SigningKey.VLEK;
      this.key = vlek ? "vlek" : "vcek";
      this.issuer = vlek ? "asvk" : "ask";
    }

    String name(String suffix) {
      return key + "_" + suffix;
    }

    SnpProduct product(X509Certificate cert, SigningKeyExtensions ext) throws EvidenceException {
      SnpProduct p = SnpEvidenceVerifier.productOf(cert);
      Optional<SnpProduct> named = SnpProduct.fromProductName(ext.productName());
      checks.add(
          named.isPresent() && named.get() == p
              ? SnpCheck.pass("signing_key_product_name", ext.productName())
              : SnpCheck.fail(
                  "signing_key_product_name",
                  Reason.IDENTITY_MISMATCH,
                  "productName " + ext.productName() + " but issued by the " + p + " ASK/ASVK"));
      if (report.version() >= 3) {
        Optional<SnpProduct> cpu = SnpProduct.fromCpuid(report.cpuidFamily(), report.cpuidModel());
        boolean same = cpu.isPresent() && cpu.get() == p;
        checks.add(
            same
                ? SnpCheck.pass("product_matches_cpuid", p.kdsName())
                : SnpCheck.fail(
                    "product_matches_cpuid",
                    Reason.IDENTITY_MISMATCH,
                    "certificate " + p + ", CPUID " + cpu.map(Enum::name).orElse("unknown")));
      }
      return p;
    }

    Optional<VerifiedChain> chain(
        List<X509Certificate> chain, List<X509CRL> crls, SnpProduct product, Instant at) {
      String[] links = {key + "_signed_by_" + issuer, issuer + "_signed_by_ark", "ark_self_signed"};
      try {
        VerifiedChain v = chains.verify(chain, anchors.anchor(product.ark()), at, crls);
        for (int i = links.length - 1; i >= 0; i--) {
          checks.add(
              SnpCheck.pass(links[i], v.certificates().get(i).getSubjectX500Principal().getName()));
        }
        return Optional.of(v);
      } catch (PkiException e) {
        int link = Math.max(0, Math.min(e.link(), links.length - 1));
        // a CRL that is not strictly its issuer's (name, key id, cRLSign, signature, window) or
        // covers no link is a collateral failure, not the failure of a certificate signature
        String name = e.reason() == PkiException.Reason.CRL_INVALID ? "crl" : links[link];
        checks.add(SnpCheck.fail(name, chainReason(e), e.getMessage()));
        return Optional.empty();
      }
    }

    void signingKeyKind(X509Certificate cert, SigningKeyExtensions ext) {
      String cn = cert.getSubjectX500Principal().getName();
      boolean vlek = key.equals("vlek");
      boolean ok = vlek ? cn.contains("CN=SEV-VLEK") : cn.contains("CN=SEV-VCEK");
      ok &= vlek || ext.hwId().length() > 0;
      checks.add(
          ok
              ? SnpCheck.pass("signing_key_is_" + key, cn)
              : SnpCheck.fail(
                  "signing_key_is_" + key,
                  Reason.IDENTITY_MISMATCH,
                  "KEY_INFO selects " + key + " but the certificate is " + cn));
    }

    void signature(X509Certificate cert) {
      String name = "report_signature_by_" + key + "_p384";
      try {
        EcdsaVerifier v = EcdsaVerifier.of(cert.getPublicKey());
        if (v.curve() != EcdsaVerifier.Curve.P384) {
          throw new PkiException(PkiException.Reason.UNSUPPORTED_ALGORITHM, "key is not P-384");
        }
        v.verifyLittleEndian(report.signedBytes(), report.signatureR(), report.signatureS());
        checks.add(SnpCheck.pass(name, "ECDSA P-384 SHA-384 over 0x000-0x29F"));
      } catch (PkiException e) {
        checks.add(SnpCheck.fail(name, Reason.SIGNATURE_INVALID, e.getMessage()));
      }
    }

    void chipId(SigningKeyExtensions ext) {
      if (key.equals("vlek")) {
        return;
      }
      Bytes hw = ext.hwId();
      Bytes chip = report.chipId().slice(0, Math.min(hw.length(), 64));
      boolean zero = report.chipId().equals(Bytes.of(new byte[64]));
      boolean ok = hw.length() > 0 && hw.equals(chip) && !zero;
      checks.add(
          ok
              ? SnpCheck.pass("vcek_hwid_equals_chip_id", hw.hex())
              : SnpCheck.fail(
                  "vcek_hwid_equals_chip_id",
                  Reason.IDENTITY_MISMATCH,
                  "hwID " + hw.hex() + " vs CHIP_ID " + report.chipId().hex()));
    }

    void throwIfFailed() throws EvidenceException {
      List<String> failed = new ArrayList<>();
      List<String> why = new ArrayList<>();
      Reason first = null;
      for (SnpCheck c : checks) {
        if (c.failure().isPresent()) {
          failed.add(c.name());
          why.add(c.name() + ": " + c.detail());
          first = first == null ? c.reason() : first;
        }
      }
      if (first != null) {
        throw new EvidenceException(
            first,
            "SNP evidence refused: failed " + failed + " (" + String.join("; ", why) + ")",
            failed);
      }
    }
  }

  private static Reason chainReason(PkiException e) {
    return switch (e.reason()) {
      case REVOKED -> Reason.REVOKED;
      case CRL_INVALID -> Reason.COLLATERAL_INVALID;
      case MALFORMED -> Reason.MALFORMED;
      default -> Reason.CHAIN_INVALID;
    };
  }
}

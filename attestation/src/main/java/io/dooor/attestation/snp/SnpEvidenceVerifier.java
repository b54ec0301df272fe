package io.dooor.attestation.snp;

import io.dooor.attestation.pki.CertificateChainVerifier;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceClaims;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control plane's SNP verifier. Evidence bytes: the raw ATTESTATION_REPORT (0x4A0 bytes),
 * optionally followed by the DER VCEK/VLEK certificate (see {@link SnpReportParser} for the
 * trailing-byte rule); without a certificate the VCEK comes from the collateral source (AMD KDS).
 * Claims: MEASUREMENT, HOST_DATA, REPORT_ID, CHIP_ID, FAMILY_ID, IMAGE_ID (hex); POLICY, GUEST_SVN,
 * VMPL, REPORTED_TCB, CURRENT_TCB, BOOTLOADER, TEE, SNP, MICROCODE (and FMC on Turin) from the
 * reported TCB; report data = REPORT_DATA; debug = policy bit 19; TCB status as {@link
 * VerifiedSnpReport#tcbStatus()}; platform id = "snp:" + CHIP_ID hex.
 */
public final class SnpEvidenceVerifier extends EvidenceVerifier {
  private final SnpReportVerifier verifier;
  private final SnpCollateralSource collateral;

  public SnpEvidenceVerifier(
      TrustAnchors anchors, SnpCollateralSource collateral, CertificateChainVerifier chains) {
    this.verifier = new SnpReportVerifier(anchors, chains);
    this.collateral = collateral;
  }

  /** With a cache of 256 verified chains. */
  public SnpEvidenceVerifier(TrustAnchors anchors, SnpCollateralSource collateral) {
    this(anchors, collateral, CertificateChainVerifier.cached(256));
  }

  @Override
  public boolean supports(TeeType type) {
    return type == TeeType.SNP;
  }

  @Override
  public VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at)
      throws EvidenceException {
    if (type != TeeType.SNP) {
      throw new EvidenceException(Reason.UNSUPPORTED_FORMAT, "not SNP evidence: " + type);
    }
    return toEvidence(verifyReport(evidence, at));
  }

  /** The typed verification, with every check run (for the CLI). */
  public VerifiedSnpReport verifyReport(Bytes evidence, Instant at) throws EvidenceException {
    SnpEvidence e = SnpReportParser.parseEvidence(evidence);
    SnpReport r = e.report();
    X509Certificate cert = e.certificates().isEmpty() ? fetchVcek(r) : e.certificates().get(0);
    SnpProduct product = productOf(cert);
    return verifier.verify(
        r,
        cert,
        collateral.intermediates(product, r.signingKey()),
        collateral.crls(product, r.signingKey()),
        at);
  }

  /**
   * Fetches the VCEK: the product comes from CPUID on v3+ reports; a v2 report (Milan or Genoa
   * firmware) tries Milan, then Genoa.
   */
  private X509Certificate fetchVcek(SnpReport r) throws EvidenceException {
    if (r.signingKey() != SnpReport.SigningKey.VCEK) {
      throw new EvidenceException(
          Reason.COLLATERAL_INVALID, "collateral_available: a VLEK report must carry its VLEK");
    }
    List<SnpProduct> candidates =
        r.version() >= 3
            ? SnpProduct.fromCpuid(r.cpuidFamily(), r.cpuidModel()).stream().toList()
            : List.of(SnpProduct.MILAN, SnpProduct.GENOA);
    EvidenceException last =
        new EvidenceException(Reason.UNSUPPORTED_FORMAT, "report_parse: unknown CPUID product");
    for (SnpProduct p : candidates) {
      try {
        return collateral.vcek(p, r.chipId(), TcbVersion.decode(r.reportedTcb(), p));
      } catch (EvidenceException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The product whose ASK/ASVK issued {@code cert} (by issuer name). */
  static SnpProduct productOf(X509Certificate cert) throws EvidenceException {
    return SnpProduct.fromIssuer(cert.getIssuerX500Principal())
        .orElseThrow(
            () ->
                new EvidenceException(
                    Reason.CHAIN_INVALID,
                    "signing_key_issuer: not issued by an AMD ASK/ASVK: "
                        + cert.getIssuerX500Principal().getName()));
  }

  static VerifiedEvidence toEvidence(VerifiedSnpReport v) {
    SnpReport r = v.report();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("MEASUREMENT", r.measurement().hex());
    m.put("HOST_DATA", r.hostData().hex());
    m.put("REPORT_ID", r.reportId().hex());
    m.put("CHIP_ID", r.chipId().hex());
    m.put("FAMILY_ID", r.familyId().hex());
    m.put("IMAGE_ID", r.imageId().hex());
    Map<String, Long> n = new LinkedHashMap<>();
    n.put("POLICY", r.policy());
    n.put("GUEST_SVN", r.guestSvn());
    n.put("VMPL", (long) r.vmpl());
    n.put("REPORTED_TCB", r.reportedTcb());
    n.put("CURRENT_TCB", r.currentTcb());
    TcbVersion t = v.reportedTcb();
    n.put("BOOTLOADER", (long) t.bootloader());
    n.put("TEE", (long) t.tee());
    n.put("SNP", (long) t.snp());
    n.put("MICROCODE", (long) t.microcode());
    if (t.fmc() >= 0) {
      n.put("FMC", (long) t.fmc());
    }
    return verified(
        new EvidenceClaims(
            io.dooor.core.TeeType.SNP,
            r.reportData(),
            m,
            n,
            v.tcbStatus(),
            List.of(),
            r.debugAllowed(),
            "snp:" + r.chipId().hex(),
            v.collateralDigests()));
  }
}

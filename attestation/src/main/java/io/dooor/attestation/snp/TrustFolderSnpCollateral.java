package io.dooor.attestation.snp;

import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Offline SNP collateral: the ASK/ASVK from the trust folder's intermediates (matched by subject
 * "CN=SEV-&lt;Product&gt;" / "CN=SEV-VLEK-&lt;Product&gt;") and the CRLs given at construction. It
 * cannot fetch a VCEK: evidence must carry its certificate.
 */
public final class TrustFolderSnpCollateral implements SnpCollateralSource {
  private final TrustAnchors anchors;
  private final List<X509CRL> crls;

  public TrustFolderSnpCollateral(TrustAnchors anchors, List<X509CRL> crls) {
    this.anchors = anchors;
    this.crls = List.copyOf(crls);
  }

  @Override
  public X509Certificate vcek(SnpProduct product, Bytes chipId, TcbVersion reportedTcb)
      throws EvidenceException {
    throw new EvidenceException(
        Reason.COLLATERAL_INVALID,
        "collateral_available: no VCEK appended to the report and no KDS source configured");
  }

  @Override
  public List<X509Certificate> intermediates(SnpProduct product, SnpReport.SigningKey key)
      throws EvidenceException {
    String cn =
        key == SnpReport.SigningKey.VLEK
            ? "CN=SEV-VLEK-" + product.kdsName()
            : "CN=SEV-" + product.kdsName();
    for (X509Certificate c : anchors.intermediates()) {
      for (String rdn : c.getSubjectX500Principal().getName().split(",")) {
        if (rdn.equals(cn)) {
          return List.of(c);
        }
      }
    }
    throw new EvidenceException(
        Reason.COLLATERAL_INVALID, "collateral_available: trust folder has no " + cn);
  }

  @Override
  public List<X509CRL> crls(SnpProduct product, SnpReport.SigningKey key) {
    return crls;
  }
}

package io.dooor.attestation.snp;

import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Where SNP collateral comes from: the VCEK for a chip and TCB, the ASK/ASVK, and the ARK's CRL
 * (AMD KDS spec §4). Results are unverified: {@link SnpReportVerifier} checks them. Implementations
 * are thread-safe. Failures are {@link EvidenceException} with reason COLLATERAL_INVALID or
 * COLLATERAL_EXPIRED naming "collateral_available".
 */
public interface SnpCollateralSource {
  /** The VCEK of {@code chipId} at {@code reportedTcb}. */
  X509Certificate vcek(SnpProduct product, Bytes chipId, TcbVersion reportedTcb)
      throws EvidenceException;

  /** The ASK (for VCEK) or ASVK (for VLEK), optionally followed by the ARK. */
  List<X509Certificate> intermediates(SnpProduct product, SnpReport.SigningKey key)
      throws EvidenceException;

  /** CRLs issued by the ARK for this chain; empty when none is available. */
  List<X509CRL> crls(SnpProduct product, SnpReport.SigningKey key) throws EvidenceException;
}

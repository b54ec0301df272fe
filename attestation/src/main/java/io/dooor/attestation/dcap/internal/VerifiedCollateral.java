package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.Check;
import io.dooor.attestation.intel.IntelCollateral;
import io.dooor.attestation.intel.QeIdentity;
import io.dooor.attestation.intel.TcbInfo;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Intel collateral whose issuer chains, CRLs and signatures were verified; the verdict holds for
 * every instant in [validFrom, validUntil].
 */
public final class VerifiedCollateral {
  private final IntelCollateral source;
  private final TcbInfo tcbInfo;
  private final QeIdentity qeIdentity;
  private final X509CRL pckCrl;
  private final X509CRL rootCrl;
  private final Instant validFrom;
  private final Instant validUntil;
  private final List<Check> checks;
  private final Map<String, String> digests;

  /**
   * Package-private: only {@link CollateralVerifier} (same package) makes one, after its checks
   * passed.
   *
   * @param checks the checks that established it (all passed)
   * @param digests SHA-256 hex of every item, computed once
   */
  VerifiedCollateral(
      IntelCollateral source,
      TcbInfo tcbInfo,
      QeIdentity qeIdentity,
      X509CRL pckCrl,
      X509CRL rootCrl,
      Instant validFrom,
      Instant validUntil,
      List<Check> checks,
      Map<String, String> digests) {
    checks = List.copyOf(checks);
    digests = Map.copyOf(digests);
    this.source = source;
    this.tcbInfo = tcbInfo;
    this.qeIdentity = qeIdentity;
    this.pckCrl = pckCrl;
    this.rootCrl = rootCrl;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.checks = checks;
    this.digests = digests;
  }

  public IntelCollateral source() {
    return source;
  }

  public TcbInfo tcbInfo() {
    return tcbInfo;
  }

  public QeIdentity qeIdentity() {
    return qeIdentity;
  }

  public X509CRL pckCrl() {
    return pckCrl;
  }

  public X509CRL rootCrl() {
    return rootCrl;
  }

  public Instant validFrom() {
    return validFrom;
  }

  public Instant validUntil() {
    return validUntil;
  }

  public List<Check> checks() {
    return checks;
  }

  public Map<String, String> digests() {
    return digests;
  }

  public boolean validAt(Instant at) {
    return !at.isBefore(validFrom) && !at.isAfter(validUntil);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedCollateral o
        && java.util.Objects.equals(source, o.source)
        && java.util.Objects.equals(tcbInfo, o.tcbInfo)
        && java.util.Objects.equals(qeIdentity, o.qeIdentity)
        && java.util.Objects.equals(pckCrl, o.pckCrl)
        && java.util.Objects.equals(rootCrl, o.rootCrl)
        && java.util.Objects.equals(validFrom, o.validFrom)
        && java.util.Objects.equals(validUntil, o.validUntil)
        && java.util.Objects.equals(checks, o.checks)
        && java.util.Objects.equals(digests, o.digests);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        source, tcbInfo, qeIdentity, pckCrl, rootCrl, validFrom, validUntil, checks, digests);
  }

  @Override
  public String toString() {
    return "VerifiedCollateral[source="
        + source
        + ", tcbInfo="
        + tcbInfo
        + ", qeIdentity="
        + qeIdentity
        + ", pckCrl="
        + pckCrl
        + ", rootCrl="
        + rootCrl
        + ", validFrom="
        + validFrom
        + ", validUntil="
        + validUntil
        + ", checks="
        + checks
        + ", digests="
        + digests
        + "]";
  }
}

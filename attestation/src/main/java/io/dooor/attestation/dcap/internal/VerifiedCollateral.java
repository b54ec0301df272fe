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
 *
 * @param checks the checks that established it (all passed)
 * @param digests SHA-256 hex of every item, computed once
 */
public record VerifiedCollateral(
    IntelCollateral source,
    TcbInfo tcbInfo,
    QeIdentity qeIdentity,
    X509CRL pckCrl,
    X509CRL rootCrl,
    Instant validFrom,
    Instant validUntil,
    List<Check> checks,
    Map<String, String> digests) {
  public VerifiedCollateral {
    checks = List.copyOf(checks);
    digests = Map.copyOf(digests);
  }

  public boolean validAt(Instant at) {
    return !at.isBefore(validFrom) && !at.isAfter(validUntil);
  }
}

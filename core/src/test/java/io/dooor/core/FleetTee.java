package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceClaims;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link FakeTee} with collateral the test refreshes: the TCB status it reports (or a REVOKED
 * refusal) and its collateral version change when the test says so, as a vendor's refreshed TCB
 * info would change them. Counts verifications.
 */
final class FleetTee extends EvidenceVerifier {
  private final FakeTee tee = new FakeTee();
  final AtomicInteger verifications = new AtomicInteger();
  private volatile String tcb = "NotApplicable";
  private volatile boolean refuseRevoked;
  private volatile boolean unavailable;
  private volatile int version = 1;

  /** A refresh that brings collateral under which the platform's TCB status is {@code status}. */
  void refresh(String status) {
    tcb = status;
    refuseRevoked = false;
    version++;
  }

  /** Whether the collateral service answers (false: every verification lacks collateral). */
  void available(boolean on) {
    unavailable = !on;
  }

  /** A refresh after which the verifier refuses the platform as revoked (e.g. a revoked PCK). */
  void refreshRevokingTheKey() {
    refuseRevoked = true;
    version++;
  }

  @Override
  public boolean supports(TeeType type) {
    return tee.supports(type);
  }

  @Override
  public String collateralVersion(TeeType type) {
    return "fleet-" + version;
  }

  @Override
  public VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at)
      throws EvidenceException {
    verifications.incrementAndGet();
    if (unavailable) {
      throw new EvidenceException(
          EvidenceException.Reason.COLLATERAL_INVALID, "collateral_available: PCCS answered 503");
    }
    if (refuseRevoked) {
      throw new EvidenceException(
          EvidenceException.Reason.REVOKED, "pck_revoked: the PCK certificate is revoked");
    }
    EvidenceClaims c = tee.verify(type, evidence, at).claims();
    return verified(
        new EvidenceClaims(
            c.type(),
            c.reportData(),
            c.measurements(),
            c.numbers(),
            tcb,
            c.advisoryIds(),
            c.debug(),
            c.platformId(),
            c.collateralDigests()));
  }
}

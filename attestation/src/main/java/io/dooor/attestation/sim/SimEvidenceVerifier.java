package io.dooor.attestation.sim;

import io.dooor.common.Bytes;
import io.dooor.common.crypto.Ed25519PublicKey;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceClaims;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Verifies {@link SimReport}s against a configured simulation root: Ed25519 signature, freshness
 * (issued within {@code maxAge} before the verification instant, at most 30 s in its future).
 * Claims: MEASUREMENT (hex), tcbStatus "NotApplicable", platformId "sim:hex".
 */
public final class SimEvidenceVerifier extends EvidenceVerifier {
  private static final Duration FUTURE_SKEW = Duration.ofSeconds(30);
  private final Ed25519PublicKey root;
  private final Duration maxAge;

  public SimEvidenceVerifier(Bytes rootSpki, Duration maxAge) {
    this.root = decodeRoot(rootSpki);
    this.maxAge = maxAge;
  }

  /**
   * The root's key, decoded and validated once (the one rule of {@link Ed25519PublicKey}), so that
   * each verification skips the decoding: sim admissions verify two reports each.
   */
  private static Ed25519PublicKey decodeRoot(Bytes rootSpki) {
    try {
      return Ed25519PublicKey.parseSpki(rootSpki);
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("simulation root is not a valid Ed25519 public key", e);
    }
  }

  @Override
  public boolean supports(TeeType type) {
    return type == TeeType.SIM;
  }

  @Override
  public VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at)
      throws EvidenceException {
    if (type != TeeType.SIM) {
      throw new EvidenceException(Reason.UNSUPPORTED_FORMAT, "not sim evidence: " + type);
    }
    SimReport report = SimReportParser.parse(evidence);
    checkSignature(report);
    checkFreshness(report, at);
    return verified(
        new EvidenceClaims(
            TeeType.SIM,
            report.reportData(),
            Map.of("MEASUREMENT", report.measurement().hex()),
            Map.of(),
            "NotApplicable",
            List.of(),
            report.debug(),
            "sim:" + report.platformId().hex(),
            Map.of()));
  }

  private void checkSignature(SimReport report) throws EvidenceException {
    byte[] sig = report.signature().toArray();
    byte[] body = report.body();
    if (root.isValid(body, sig)) {
      return;
    }
    throw new EvidenceException(
        Reason.SIGNATURE_INVALID,
        "sim report signature does not verify under the simulation root",
        List.of("sim_report_signature"));
  }

  private void checkFreshness(SimReport report, Instant at) throws EvidenceException {
    if (report.issuedAt().isAfter(at.plus(FUTURE_SKEW))) {
      throw new EvidenceException(
          Reason.COLLATERAL_EXPIRED,
          "sim report issued in the future (" + report.issuedAt() + ")",
          List.of("sim_report_freshness"));
    }
    if (report.issuedAt().plus(maxAge).isBefore(at)) {
      throw new EvidenceException(
          Reason.COLLATERAL_EXPIRED,
          "sim report issued at " + report.issuedAt() + " is older than " + maxAge,
          List.of("sim_report_freshness"));
    }
  }
}

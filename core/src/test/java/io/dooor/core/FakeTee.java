package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceClaims;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A test double of a TEE and its verifier, injected where a verifier is expected (STYLE §3). Its
 * "evidence" is report data (64) || MEASUREMENT (48) || debug flag (1), with no signature: it tests
 * the control plane, not attestation. Anything else is MALFORMED.
 */
final class FakeTee extends EvidenceVerifier {
  static final int LENGTH = 64 + 48 + 1;

  /** Evidence answering {@code nonce} for {@code key}, measuring {@code measurement}. */
  static Bytes evidence(Bytes nonce, NodeKey key, Bytes measurement, boolean debug) {
    return evidence(ReportDataBinding.expected(nonce, key.spki()), measurement, debug);
  }

  static Bytes evidence(Bytes reportData, Bytes measurement, boolean debug) {
    byte[] out = new byte[LENGTH];
    System.arraycopy(reportData.toArray(), 0, out, 0, 64);
    System.arraycopy(measurement.toArray(), 0, out, 64, 48);
    out[LENGTH - 1] = (byte) (debug ? 1 : 0);
    return Bytes.of(out);
  }

  @Override
  public boolean supports(TeeType type) {
    return type == TeeType.SIM;
  }

  @Override
  public VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at)
      throws EvidenceException {
    if (evidence.length() != LENGTH) {
      throw new EvidenceException(
          EvidenceException.Reason.MALFORMED,
          "fake evidence must be " + LENGTH + " bytes, got " + evidence.length());
    }
    byte[] b = evidence.toArray();
    return verified(
        new EvidenceClaims(
            TeeType.SIM,
            Bytes.of(java.util.Arrays.copyOfRange(b, 0, 64)),
            Map.of("MEASUREMENT", Bytes.of(java.util.Arrays.copyOfRange(b, 64, 112)).hex()),
            Map.of("SVN", 3L),
            "NotApplicable",
            List.of(),
            b[LENGTH - 1] != 0,
            "fake-platform",
            Map.of()));
  }
}

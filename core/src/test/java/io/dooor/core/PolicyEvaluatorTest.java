package io.dooor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.VerifiedEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Admission policy (DESIGN §4): every check evaluated, every failure named. */
class PolicyEvaluatorTest {
  static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
  static final Bytes GOOD = CorePlane.MEASUREMENT;

  static VerifiedEvidence evidence(Bytes measurement, boolean debug) throws EvidenceException {
    Bytes raw = FakeTee.evidence(Bytes.of(new byte[64]), measurement, debug);
    return new FakeTee().verify(TeeType.SIM, raw, AT);
  }

  static Policy policy(
      Set<TeeType> types, Map<String, Long> minimums, Set<String> tcb, boolean debug) {
    PolicySpec spec =
        new PolicySpec(
            "w",
            types,
            Map.of("MEASUREMENT", Set.of(GOOD.hex())),
            minimums,
            tcb,
            debug,
            Duration.ofHours(1),
            Duration.ofMinutes(5));
    return spec.draft(AT);
  }

  @Test
  void goodEvidenceHasNoFailures() throws EvidenceException {
    Policy p = policy(Set.of(TeeType.SIM), Map.of("SVN", 3L), Set.of("NotApplicable"), false);
    assertThat(PolicyEvaluator.failures(p, evidence(GOOD, false))).isEmpty();
  }

  @Test
  void everyFailedCheckIsNamed() throws EvidenceException {
    Policy p = policy(Set.of(TeeType.TDX), Map.of("SVN", 4L), Set.of("UpToDate"), false);
    assertThat(PolicyEvaluator.failures(p, evidence(Bytes.fromHex("ee".repeat(48)), true)))
        .hasSize(5)
        .anyMatch(f -> f.startsWith("tee_type: sim"))
        .anyMatch(f -> f.startsWith("debug"))
        .anyMatch(f -> f.startsWith("tcb_status: NotApplicable"))
        .anyMatch(f -> f.startsWith("measurement MEASUREMENT: eeee"))
        .anyMatch(f -> f.equals("minimum SVN: 3 < 4"));
  }

  @Test
  void debugIsAcceptedOnlyWhenThePolicySaysSo() throws EvidenceException {
    Policy dev = policy(Set.of(TeeType.SIM), Map.of(), Set.of("NotApplicable"), true);
    assertThat(PolicyEvaluator.failures(dev, evidence(GOOD, true))).isEmpty();
  }

  @Test
  void absentClaimsFail() throws EvidenceException {
    PolicySpec spec =
        new PolicySpec(
            "w",
            Set.of(TeeType.SIM),
            Map.of("MRTD", Set.of("aa")),
            Map.of("ISVSVN", 1L),
            Set.of("NotApplicable"),
            false,
            Duration.ofHours(1),
            Duration.ofMinutes(5));
    assertThat(PolicyEvaluator.failures(spec.draft(AT), evidence(GOOD, false)))
        .containsExactlyInAnyOrder(
            "measurement MRTD: absent from evidence", "minimum ISVSVN: absent from evidence");
  }
}

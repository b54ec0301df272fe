package io.dooor.attestation.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.VerifiedEvidence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimEvidenceVerifierTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final SimTee tee = SimTee.generate(Clock.fixed(T0, ZoneOffset.UTC));
  private final SimEvidenceVerifier verifier =
      new SimEvidenceVerifier(tee.rootPublicKey(), Duration.ofMinutes(5));
  private final Bytes reportData = Bytes.of(new byte[64]);
  private final Bytes measurement = Bytes.fromHex("ab".repeat(48));

  private Bytes report(boolean debug) {
    return tee.report(reportData, measurement, Bytes.of(new byte[16]), debug).encode();
  }

  @Test
  void verifiesAFreshReportAndExposesItsClaims() throws EvidenceException {
    VerifiedEvidence v = verifier.verify(TeeType.SIM, report(true), T0.plusSeconds(10));
    assertThat(v.measurements()).containsEntry("MEASUREMENT", "ab".repeat(48));
    assertThat(v.debug()).isTrue();
    assertThat(v.tcbStatus()).isEqualTo("NotApplicable");
    assertThat(v.reportData()).isEqualTo(reportData);
  }

  @Test
  void refusesEveryOneByteChangeOfTheSignedBody() {
    byte[] good = report(false).toArray();
    for (int i = 12; i < SimReport.LENGTH; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      assertThatThrownBy(() -> verifier.verify(TeeType.SIM, Bytes.of(bad), T0))
          .as("flip at %d", i)
          .isInstanceOf(EvidenceException.class);
    }
  }

  @Test
  void refusesAReportFromAnotherRoot() {
    SimTee other = SimTee.generate(Clock.fixed(T0, ZoneOffset.UTC));
    Bytes foreign = other.report(reportData, measurement, Bytes.of(new byte[16]), false).encode();
    assertThatThrownBy(() -> verifier.verify(TeeType.SIM, foreign, T0))
        .isInstanceOfSatisfying(
            EvidenceException.class,
            e -> assertThat(e.reason()).isEqualTo(EvidenceException.Reason.SIGNATURE_INVALID));
  }

  @Test
  void refusesStaleAndFutureReports() {
    assertThatThrownBy(() -> verifier.verify(TeeType.SIM, report(false), T0.plusSeconds(301)))
        .hasMessageContaining("older than");
    assertThatThrownBy(() -> verifier.verify(TeeType.SIM, report(false), T0.minusSeconds(31)))
        .hasMessageContaining("future");
  }

  @Test
  void refusesTruncatedAndExtendedReports() {
    byte[] good = report(false).toArray();
    assertThatThrownBy(
            () -> verifier.verify(TeeType.SIM, Bytes.of(java.util.Arrays.copyOf(good, 211)), T0))
        .isInstanceOfSatisfying(
            EvidenceException.class,
            e -> assertThat(e.reason()).isEqualTo(EvidenceException.Reason.MALFORMED));
    assertThatThrownBy(
            () -> verifier.verify(TeeType.SIM, Bytes.of(java.util.Arrays.copyOf(good, 213)), T0))
        .hasMessageContaining("212 bytes");
  }
}

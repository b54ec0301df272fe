package io.dooor.attestation.dcap.internal;

import static io.dooor.attestation.intel.TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED;
import static io.dooor.attestation.intel.TcbStatus.CONFIGURATION_NEEDED;
import static io.dooor.attestation.intel.TcbStatus.OUT_OF_DATE;
import static io.dooor.attestation.intel.TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
import static io.dooor.attestation.intel.TcbStatus.REVOKED;
import static io.dooor.attestation.intel.TcbStatus.SW_HARDENING_NEEDED;
import static io.dooor.attestation.intel.TcbStatus.UP_TO_DATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dooor.attestation.intel.IsvTcbLevel;
import io.dooor.attestation.intel.TcbLevel;
import io.dooor.attestation.intel.TcbStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Intel's status convergence (QVL): an OutOfDate QE or TDX module downgrades the platform. */
class TcbEvaluatorTest {
  private static final Instant T = Instant.parse("2024-03-13T00:00:00Z");

  private static TcbLevel platform(TcbStatus s, String... adv) {
    return new TcbLevel(Collections.nCopies(16, 0), 0, List.of(), T, s, List.of(adv));
  }

  private static IsvTcbLevel isv(TcbStatus s, String... adv) {
    return new IsvTcbLevel(0, T, s, List.of(adv));
  }

  @Test
  void outOfDateQeDowngrades() {
    assertEquals(OUT_OF_DATE, TcbEvaluator.converge(UP_TO_DATE, OUT_OF_DATE));
    assertEquals(OUT_OF_DATE, TcbEvaluator.converge(SW_HARDENING_NEEDED, OUT_OF_DATE));
    assertEquals(
        OUT_OF_DATE_CONFIGURATION_NEEDED, TcbEvaluator.converge(CONFIGURATION_NEEDED, OUT_OF_DATE));
    assertEquals(
        OUT_OF_DATE_CONFIGURATION_NEEDED,
        TcbEvaluator.converge(CONFIGURATION_AND_SW_HARDENING_NEEDED, OUT_OF_DATE));
    assertEquals(REVOKED, TcbEvaluator.converge(UP_TO_DATE, REVOKED));
    assertEquals(SW_HARDENING_NEEDED, TcbEvaluator.converge(SW_HARDENING_NEEDED, UP_TO_DATE));
  }

  @Test
  void advisoriesAreTheUnionInOrder() {
    TcbEvaluator.Verdict v =
        TcbEvaluator.converge(
            platform(SW_HARDENING_NEEDED, "INTEL-SA-00615", "INTEL-SA-00289"),
            isv(UP_TO_DATE, "INTEL-SA-00615"),
            Optional.of(isv(OUT_OF_DATE, "INTEL-SA-00837")));
    assertEquals(OUT_OF_DATE, v.status());
    assertEquals(List.of("INTEL-SA-00615", "INTEL-SA-00289", "INTEL-SA-00837"), v.advisoryIds());
  }
}

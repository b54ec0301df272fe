package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.Dto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code policy show} names the workload's automatic deactivation rules in words. */
class PolicyAutomaticRulesTest {
  @Test
  void eachRuleThatIsOnIsNamed() {
    assertThat(PolicyCommand.automatic(view(0, 0, false))).isEqualTo("never automatically");
    assertThat(PolicyCommand.automatic(view(0, 0, true))).isEqualTo("TCB revoked");
    assertThat(PolicyCommand.automatic(view(120, 3, true)))
        .isEqualTo(
            "UNREACHABLE past 120 s grace; after 3 failed attestations in a row; TCB revoked");
  }

  private static Dto.PolicyView view(long grace, int failures, boolean revoked) {
    return new Dto.PolicyView(
        "w",
        1,
        List.of("sim"),
        Map.of(),
        Map.of(),
        List.of("NotApplicable"),
        false,
        600,
        60,
        grace,
        failures,
        revoked,
        "p",
        "2026-12-07T00:00:00Z");
  }
}

package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.vetkd.VetKdService;
import java.time.Duration;

/**
 * Assertions on how a derivation names faulty key-share holders; shared with the cli module's
 * process tests through this module's test-jar.
 */
public final class HolderAssertions {
  private HolderAssertions() {}

  /**
   * Asserts that {@code holder} is named: excluded in the result or not waited for, and its faulty
   * verdict reached the health record (waited for, not timed: it may come after the result). A null
   * {@code outcome} accepts any fault.
   */
  public static void assertNamed(
      VetKdService svc,
      ThresholdDerivation d,
      int holder,
      HolderVerdict.Outcome outcome,
      String why)
      throws InterruptedException {
    assertThat(d.combinedHolders()).doesNotContain(holder);
    assertThat(d.excludedHolders().containsKey(holder) || d.notWaitedFor().contains(holder))
        .as("holder %d excluded or not waited for in %s", holder, d)
        .isTrue();
    HolderVerdict fault =
        svc.holderHealth()
            .await(holder, s -> s.lastFault().isPresent(), Duration.ofMinutes(2))
            .orElseThrow()
            .lastFault()
            .orElseThrow();
    if (outcome == null) {
      return; // any fault
    }
    assertThat(fault.outcome()).isEqualTo(outcome);
    assertThat(fault.detail()).contains(why);
    if (d.excludedHolders().containsKey(holder)) {
      assertThat(d.excludedHolders().get(holder)).contains(why);
    }
  }
}

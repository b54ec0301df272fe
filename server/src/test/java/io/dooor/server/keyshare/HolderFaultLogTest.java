package io.dooor.server.keyshare;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.core.ControlPlane;
import io.dooor.core.Event;
import io.dooor.core.port.KeyService;
import io.dooor.store.JdbcStore;
import io.dooor.vetkd.threshold.HolderVerdict;
import io.dooor.vetkd.threshold.HolderVerdict.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holder verdicts into the record of a real control plane (SQLite): a fault once per change of
 * kind, not per request, and one OK event when a faulty holder answers correctly again.
 */
class HolderFaultLogTest {
  @Test
  void faultsAreRecordedOncePerKindAndRecoveryOnce(@TempDir Path dir) {
    try (JdbcStore store = JdbcStore.sqlite(dir.resolve("t.db"))) {
      ControlPlane plane =
          new ControlPlane(
              store,
              new AttestationVerifier(List.of()),
              KeyService.unavailable("none in this test"),
              Clock.systemUTC(),
              Duration.ofSeconds(30));
      HolderFaultLog log = new HolderFaultLog(plane);
      log.accept(verdict(Outcome.VALID, false));
      log.accept(verdict(Outcome.TIMED_OUT, false));
      log.accept(verdict(Outcome.TIMED_OUT, true));
      log.accept(verdict(Outcome.INVALID_SHARE, true));
      log.accept(verdict(Outcome.VALID, false));
      log.accept(verdict(Outcome.VALID, false));

      List<Event> events = store.events(0, store.eventCount());
      assertThat(events)
          .extracting(Event::action)
          .containsExactly(HolderFaultLog.ACTION, HolderFaultLog.ACTION, HolderFaultLog.RECOVERED);
      assertThat(events).extracting(Event::subject).containsOnly("keyshare-holder:2");
      assertThat(events.get(0).outcome()).isEqualTo(Event.Outcome.REFUSED);
      assertThat(events.get(0).reason()).contains("timed_out");
      assertThat(events.get(1).reason()).contains("invalid_share", "late");
      assertThat(events.get(2).outcome()).isEqualTo(Event.Outcome.OK);
      assertThat(events.get(2).details()).containsEntry("after", "INVALID_SHARE");
    }
  }

  private static HolderVerdict verdict(Outcome o, boolean late) {
    return new HolderVerdict(2, o, "detail of " + o, Instant.now(), late);
  }
}

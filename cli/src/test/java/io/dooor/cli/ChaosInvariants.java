package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.Event;
import io.dooor.core.Policy;
import io.dooor.store.JdbcStore;
import io.dooor.store.audit.JdbcAuditLog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The invariants every chaos scenario ends with, read from the database and checked by {@code dooor
 * audit verify} as an auditor would: no acknowledged write lost, none half-applied (a policy is
 * there exactly when its one {@code policy.set} event is), none applied twice, every duty's holders
 * in one line of fencing tokens (1, 2, 3, ... in log order), and the log, replayed from a replica,
 * consistent with a checkpoint saved before the chaos (one lineage).
 */
final class ChaosInvariants {
  private ChaosInvariants() {}

  static void check(ChaosCluster cluster, List<SignedWrites.Write> writes, Path since)
      throws Exception {
    JdbcStore store = cluster.store();
    List<Event> log = store.events(0, store.eventCount());
    Map<String, Integer> applied = new HashMap<>();
    for (Event e : log) {
      if (e.action().equals("policy.set") && e.outcome() == Event.Outcome.OK) {
        applied.merge(e.subject().substring("policy:".length()), 1, Integer::sum);
      }
    }
    Set<String> present =
        store.policies().stream().map(Policy::workload).collect(Collectors.toSet());
    for (SignedWrites.Write w : writes) {
      int times = applied.getOrDefault(w.workload(), 0);
      assertThat(times).as("%s applied at most once", w.workload()).isLessThanOrEqualTo(1);
      assertThat(present.contains(w.workload()))
          .as("%s: the policy is there exactly when its event is (no half-applied write)", w)
          .isEqualTo(times == 1);
      if (w.acknowledged()) {
        assertThat(times).as("acknowledged %s is in the log", w.workload()).isEqualTo(1);
      }
      if (w.outcome() == SignedWrites.Outcome.NOT_SENT) {
        assertThat(times).as("%s never reached a replica", w.workload()).isZero();
      }
    }
    leaseTokensInOneLine(log);
    verifiedByAnAuditor(cluster, since);
  }

  /** Every lease.take of a duty carries the next token: no two holders ever shared one. */
  static void leaseTokensInOneLine(List<Event> log) {
    Map<String, Long> last = new HashMap<>();
    for (Event e : log) {
      if (e.action().equals("lease.take")) {
        long token = Long.parseLong(e.details().get("token"));
        Long before = last.put(e.subject(), token);
        assertThat(token)
            .as("%s at seq %d after token %s", e.subject(), e.seq(), before)
            .isEqualTo(before == null ? token : before + 1);
      }
    }
  }

  /**
   * Waits (bounded) for the audit duty's holder to sign a checkpoint covering the log as it is now,
   * then runs {@code dooor audit verify --since SINCE} against a live replica: the checkpoint's
   * signature, the log replayed to it, and its consistency with the checkpoint saved before.
   */
  static void verifiedByAnAuditor(ChaosCluster cluster, Path since) throws Exception {
    long count = cluster.store().eventCount();
    JdbcAuditLog audit = new JdbcAuditLog(cluster.store().dataSource());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (checkpointSize(audit) < count) {
      assertThat(System.nanoTime())
          .as("a checkpoint covering %d entries", count)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
    URI replica = cluster.live().get(0);
    CliRun verify =
        CliRun.of(
            "audit",
            "verify",
            "--server",
            replica.toString(),
            "--identity",
            cluster.controller.toString(),
            "--key",
            cluster.auditKey,
            "--since",
            since.toString());
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
  }

  private static long checkpointSize(JdbcAuditLog audit) throws Exception {
    return audit.latestCheckpoint().map(n -> Long.parseLong(n.split("\n")[1])).orElse(-1L);
  }

  /** Saves the latest signed checkpoint now, for a later {@code audit verify --since}. */
  static Path savedCheckpoint(ChaosCluster cluster, Path out) {
    CliRun save =
        CliRun.of(
            "audit",
            "checkpoint",
            "--server",
            cluster.live().get(0).toString(),
            "--identity",
            cluster.controller.toString(),
            "--key",
            cluster.auditKey,
            "--out",
            out.toString());
    assertThat(save.exit()).as(save.err()).isZero();
    return out;
  }
}

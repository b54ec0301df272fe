package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeState;
import io.dooor.core.Policy;
import io.dooor.store.JdbcStore;
import io.dooor.store.audit.JdbcAuditLog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The invariants every chaos scenario ends with, read from the database and checked by {@code dooor
 * audit verify} as an auditor would: no acknowledged write lost, none half-applied (a policy is
 * there exactly when its one {@code policy.set} event is), none applied twice, every duty's holders
 * in one line of fencing tokens (1, 2, 3, ... in log order), and the log, replayed from a replica,
 * consistent with a checkpoint saved before the chaos (one lineage); no node ACTIVE without a
 * verified attestation, and no key derived for a node that may not derive (ACTIVE, or DRAINING
 * while it finishes its work: {@link NodeState#mayDerive()}).
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
    noNodeActiveWithoutAVerifiedAttestation(log, store.nodes(), Instant.now());
    noKeyDerivedForANodeThatMayNotDerive(log);
    verifiedByAnAuditor(cluster, since);
  }

  /**
   * How long an ACTIVE node may show a lapsed attestation: until the sweep duty's holder (every
   * second; a new holder after a lease of 3 s when one is paused or cut) moves it on, on a loaded
   * machine.
   */
  private static final Duration SWEEP_SLACK = Duration.ofSeconds(15);

  /** A verified attestation: Admission records the evidence's TCB status and policy version. */
  private static boolean verifiedAttestation(Event e) {
    return e.outcome() == Event.Outcome.OK
        && e.subject().startsWith("node:")
        && "ACTIVE".equals(e.details().get("to"))
        && e.details().containsKey("tcb")
        && e.details().containsKey("policy_version");
  }

  /**
   * From the log: every move of a node to ACTIVE is a verified attestation, or a return (from
   * UNREACHABLE) after one; from the state: every ACTIVE node has an attestation recorded in the
   * log, unexpired (but for one sweep round).
   */
  static void noNodeActiveWithoutAVerifiedAttestation(
      List<Event> log, List<Node> nodes, Instant now) {
    Map<String, Event> attested = new HashMap<>();
    for (Event e : log) {
      if (verifiedAttestation(e)) {
        attested.put(e.subject(), e);
      } else if (e.outcome() == Event.Outcome.OK
          && e.subject().startsWith("node:")
          && "ACTIVE".equals(e.details().get("to"))) {
        assertThat(attested)
            .as(
                "%s moved to ACTIVE at seq %d without a verified attestation before",
                e.subject(), e.seq())
            .containsKey(e.subject());
      }
    }
    for (Node n : nodes) {
      if (n.state() != NodeState.ACTIVE) {
        continue;
      }
      String subject = "node:" + n.id().value();
      assertThat(attested)
          .as("ACTIVE %s has a verified attestation in the log", subject)
          .containsKey(subject);
      assertThat(n.attestedAt()).as("%s attested", subject).isNotNull();
      assertThat(n.attestationExpiresAt())
          .as("ACTIVE %s's attestation is unexpired (but for one sweep round)", subject)
          .isAfter(now.minus(SWEEP_SLACK));
    }
  }

  private static boolean isState(String name) {
    return name != null && Stream.of(NodeState.values()).anyMatch(s -> s.name().equals(name));
  }

  /**
   * Replays each node's state from the log's transitions ({@code to}); every derivation recorded OK
   * for {@code node:ID} happened while that state allowed it, after a verified attestation.
   */
  static void noKeyDerivedForANodeThatMayNotDerive(List<Event> log) {
    Map<String, NodeState> state = new HashMap<>();
    for (Event e : log) {
      if (!e.subject().startsWith("node:") || e.outcome() != Event.Outcome.OK) {
        continue;
      }
      if (e.action().equals("key.derive")) {
        NodeState now = state.get(e.subject());
        assertThat(now)
            .as("key derived for %s at seq %d in state %s", e.subject(), e.seq(), now)
            .isNotNull()
            .matches(NodeState::mayDerive);
      } else if (isState(e.details().get("to"))) {
        state.put(e.subject(), NodeState.valueOf(e.details().get("to")));
      } else if ("PENDING".equals(e.details().get("state"))) {
        state.put(e.subject(), NodeState.PENDING);
      }
    }
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

package io.dooor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.audit.AuditLog;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.GoProgram;
import io.dooor.audit.Integrator;
import io.dooor.audit.TilePath;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.NodeState;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import io.dooor.core.port.Store;
import io.dooor.core.testkit.MutableClock;
import io.dooor.core.testkit.StoreFixtures;
import io.dooor.store.audit.JdbcAuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two stores, each with its own pool and concurrent write lanes) on one real
 * PostgreSQL, many threads on both registering nodes (ids drawn from a small space, so the same id
 * races), consuming challenges (the same challenge races), granting roles and putting policy
 * versions, all at once, while an integrator grows and signs the audit log. Afterwards: the log is
 * gap-free and each entry matches the state (every node registered once, every challenge consumed
 * at most once, policy versions in log order, every admission under the policy the log says was
 * current), and Go's sumdb/tlog verifies a checkpoint taken during the run against the final one.
 *
 * <p>Registrations, consumptions and policy puts record their entries at commit (as the core does);
 * grants append theirs at once, so both paths share the sequence. Each work reads, pauses a little
 * inside its transaction, then writes: with the node locks and the exclusive write key turned into
 * no-ops this test fails (duplicate registrations, double consumption, a policy version taken
 * twice, admissions under a superseded policy).
 */
class PostgresConcurrentWritesTest {
  @RegisterExtension static final PostgresServer PG = new PostgresServer("concurrent");

  private static final String WORKLOAD = "dev";
  private static final int IDS = 60;
  private static final int THREADS_PER_REPLICA = 6;
  private static final int OPS_PER_THREAD = 40;

  @TempDir Path work;

  /** A refused work: rolled back, nothing written. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String why) {
      super(why);
    }
  }

  private final Map<String, AtomicInteger> registered = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> consumed = new ConcurrentHashMap<>();
  private final AtomicInteger grants = new AtomicInteger();
  private final AtomicInteger policyPuts = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();

  @Test
  void twoReplicasWritingAtOnceKeepTheLogGapFreeInCommitOrderAndTheStateConsistent()
      throws Exception {
    PG.freshDatabase();
    MutableClock clock = new MutableClock(StoreFixtures.T0);
    try (JdbcStore a = PG.open(clock);
        JdbcStore b = PG.open(clock)) {
      a.inTransaction(
          tx -> {
            tx.putPolicy(StoreFixtures.policy(WORKLOAD, 1));
            tx.append(event("policy.put", "workload:" + WORKLOAD, Map.of("version", "1")));
            return null;
          });
      CheckpointSigner signer = CheckpointSigner.generate("dooor.test/concurrent");
      Integrator integrator = new Integrator(new JdbcAuditLog(a.dataSource()), signer);
      AuditVerifier verifier = AuditVerifier.of(signer.verifierKey().toString());

      ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_REPLICA + 1);
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicReference<String> during = new AtomicReference<>();
      try {
        // The integrator runs while the replicas write: it must never meet a gap.
        Future<Integer> integrations =
            pool.submit(
                () -> {
                  int n = 0;
                  while (writing.get()) {
                    integrator.integrateAll();
                    String note = integrator.publishNow();
                    if (verifier.verifyCheckpoint(note).size() > 50 && during.get() == null) {
                      during.set(note);
                    }
                    n++;
                    Thread.sleep(20);
                  }
                  return n;
                });
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 2 * THREADS_PER_REPLICA; t++) {
          Store store = t % 2 == 0 ? a : b;
          long seed = 1000 + t;
          workers.add(pool.submit(() -> writeRandomly(store, new Random(seed))));
        }
        for (Future<?> f : workers) {
          f.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        assertThat(integrations.get(60, TimeUnit.SECONDS)).isPositive();
      } finally {
        writing.set(false);
        pool.shutdownNow();
      }

      long succeeded = 1 + count(registered) + count(consumed) + grants.get() + policyPuts.get();
      assertThat(refusals.get()).as("the ids and challenges raced").isPositive();
      assertThat(count(consumed)).as("some challenges were consumed").isPositive();
      assertThat(a.eventCount()).as("one entry per committed work").isEqualTo(succeeded);
      assertThat(b.eventCount()).isEqualTo(succeeded);
      List<Event> log = b.events(0, succeeded);
      for (int i = 0; i < log.size(); i++) {
        assertThat(log.get(i).seq()).as("gap-free").isEqualTo(i);
      }
      assertMatchesState(a, log);

      String end = integrator.publishNow();
      assertThat(during.get()).as("a checkpoint was signed while writing").isNotNull();
      goVerifies(new AuditLog(new JdbcAuditLog(a.dataSource())), during.get(), end, signer);
    }
  }

  private Void writeRandomly(Store store, Random rnd) throws Exception {
    for (int i = 0; i < OPS_PER_THREAD; i++) {
      String id = "n-" + rnd.nextInt(IDS);
      int kind = rnd.nextInt(100);
      try {
        if (kind < 45) {
          register(store, id);
          registered.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        } else if (kind < 80) {
          consume(store, id);
          consumed.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        } else if (kind < 90) {
          Principal who = StoreFixtures.principal("p-" + rnd.nextInt(1_000_000));
          store.inTransaction(
              tx -> {
                tx.addRole(who, Role.OPERATOR);
                tx.append(event("role.grant", "principal:" + who, Map.of("role", "OPERATOR")));
                return null;
              });
          grants.incrementAndGet();
        } else {
          putNextPolicy(store);
          policyPuts.incrementAndGet();
        }
      } catch (Refused e) {
        refusals.incrementAndGet();
      }
    }
    return null;
  }

  /** Admission: the id must be new; the node is admitted under the current policy. */
  private static void register(Store store, String id) throws Refused {
    store.<Void, Refused>inTransaction(
        tx -> {
          if (tx.node(NodeId.of(id)).isPresent()) {
            throw new Refused(id + " exists");
          }
          long version = tx.policy(WORKLOAD).orElseThrow().version();
          pause();
          tx.putNode(StoreFixtures.pendingNode(id));
          tx.putChallenge(StoreFixtures.challenge(id, 7));
          tx.appendAtCommit(event("node.register", "node:" + id, Map.of("policy", "" + version)));
          return null;
        });
  }

  /** Challenge consumption: at most once; the node becomes ACTIVE. */
  private static void consume(Store store, String id) throws Refused {
    store.<Void, Refused>inTransaction(
        tx -> {
          if (tx.challenge(NodeId.of(id)).isEmpty()) {
            throw new Refused("no challenge for " + id);
          }
          Node node = tx.node(NodeId.of(id)).orElseThrow();
          pause();
          tx.deleteChallenge(NodeId.of(id));
          tx.putNode(StoreFixtures.withState(node, NodeState.ACTIVE, "attested"));
          tx.appendAtCommit(event("node.verify", "node:" + id, Map.of("state", "ACTIVE")));
          return null;
        });
  }

  /** A policy put: the next version after the latest. */
  private static void putNextPolicy(Store store) {
    store.inTransaction(
        tx -> {
          long next = tx.policy(WORKLOAD).orElseThrow().version() + 1;
          pause();
          tx.putPolicy(StoreFixtures.policy(WORKLOAD, next));
          tx.appendAtCommit(
              event("policy.put", "workload:" + WORKLOAD, Map.of("version", "" + next)));
          return null;
        });
  }

  private void assertMatchesState(JdbcStore store, List<Event> log) {
    Map<String, Integer> registrations = new HashMap<>();
    Map<String, Integer> verifications = new HashMap<>();
    Set<String> granted = new HashSet<>();
    long policy = 0;
    for (Event e : log) {
      switch (e.action()) {
        case "policy.put" -> {
          long v = Long.parseLong(e.details().get("version"));
          assertThat(v).as("policy versions in log order, seq " + e.seq()).isEqualTo(policy + 1);
          policy = v;
        }
        case "node.register" -> {
          assertThat(Long.parseLong(e.details().get("policy")))
              .as("admitted under the policy current at its place in the log, seq " + e.seq())
              .isEqualTo(policy);
          registrations.merge(e.subject().substring(5), 1, Integer::sum);
        }
        case "node.verify" -> {
          String id = e.subject().substring(5);
          assertThat(registrations).as("registered before verified").containsKey(id);
          verifications.merge(id, 1, Integer::sum);
        }
        case "role.grant" -> granted.add(e.subject());
        default -> throw new AssertionError("unexpected entry " + e);
      }
    }
    assertThat(store.policy(WORKLOAD).orElseThrow().version()).isEqualTo(policy);
    assertThat(policy).isEqualTo(1 + policyPuts.get());
    assertThat(registrations.values()).as("no node registered twice").allMatch(n -> n == 1);
    assertThat(verifications.values()).as("no challenge consumed twice").allMatch(n -> n == 1);
    assertThat(registered.values()).allMatch(n -> n.get() == 1);
    assertThat(consumed.values()).allMatch(n -> n.get() == 1);
    assertThat(registrations.keySet()).isEqualTo(registered.keySet());
    assertThat(verifications.keySet()).isEqualTo(consumed.keySet());
    List<Node> nodes = store.nodes();
    assertThat(nodes).hasSize(registrations.size());
    for (Node n : nodes) {
      String id = n.id().value();
      boolean verified = verifications.containsKey(id);
      assertThat(n.state()).as(id).isEqualTo(verified ? NodeState.ACTIVE : NodeState.PENDING);
    }
    Set<String> holders = new HashSet<>();
    store.principals().keySet().forEach(p -> holders.add("principal:" + p));
    assertThat(holders).as("every grant recorded, none lost").isEqualTo(granted);
  }

  /** Go's tlog checks both checkpoints, the tiles, inclusion proofs and their consistency. */
  private void goVerifies(AuditLog log, String oldNote, String note, CheckpointSigner signer)
      throws Exception {
    GoProgram.assumeAvailable();
    AuditVerifier verifier = AuditVerifier.of(signer.verifierKey().toString());
    long old = verifier.verifyCheckpoint(oldNote).size();
    long n = verifier.verifyCheckpoint(note).size();
    Files.writeString(work.resolve("checkpoint"), note);
    Files.writeString(work.resolve("checkpoint.old"), oldNote);
    Files.writeString(work.resolve("vkey"), signer.verifierKey().toString());
    for (int level = 0; (n >>> (8 * level)) > 0; level++) {
      long count = n >>> (8 * level);
      for (long k = 0; k * 256 < count; k++) {
        String path = new TilePath(level, k, (int) Math.min(256, count - 256 * k)).toString();
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, log.resource(path).orElseThrow().toArray());
      }
    }
    List<String> lines = new ArrayList<>();
    for (long i : new long[] {0, old - 1, old, n / 2, n - 1}) {
      Bytes entry = log.rawEntries(i, i + 1).get(0);
      lines.add(
          "incl " + i + " " + entry.base64() + " " + log.inclusionProof(i, n).encode().base64());
    }
    lines.add("cons " + log.consistencyProof(old, n).encode().base64());
    Files.write(work.resolve("proofs"), lines, StandardCharsets.UTF_8);
    assertThat(GoProgram.run(work, "verify", work.toString()))
        .isEqualTo("OK " + (lines.size() + 1) + " checks\n");
  }

  private static long count(Map<String, AtomicInteger> m) {
    return m.values().stream().mapToLong(AtomicInteger::get).sum();
  }

  private static Event event(String action, String subject, Map<String, String> details) {
    return new Event(
        -1,
        Instant.now(),
        StoreFixtures.principal("replica-writer"),
        action,
        subject,
        Bytes.empty(),
        Event.Outcome.OK,
        "",
        details);
  }

  /** Widens the window between a work's reads and its writes. */
  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.dooor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Random sequences of lifecycle operations on a few nodes (DESIGN §3), checking after every step
 * that each state change is a pair of the transition table, that DEACTIVATED is never left, that a
 * refused operation changes nothing, and that every transition appends exactly one event naming it.
 * The seed is printed; rerun one with {@code -Ddooor.seed=<base>}.
 */
class LifecyclePropertyTest {
  static final long BASE = Long.getLong("dooor.seed", new SecureRandom().nextLong());
  static final int STEPS = 120;

  /** Every pair seen across the runs: the walk must reach the whole table, or it proves little. */
  static final java.util.Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @org.junit.jupiter.api.AfterAll
  static void theWalksReachedEveryTransition() {
    assertThat(SEEN).as("base seed " + BASE).isEqualTo(TransitionTest.ALLOWED);
  }

  @RepeatedTest(100)
  void randomOperationsStayInTheTable(RepetitionInfo info) throws ControlPlaneException {
    long seed = BASE + info.getCurrentRepetition();
    System.out.println("LifecyclePropertyTest base seed " + BASE + ", run seed " + seed);
    Fleet fleet = new Fleet(new Random(seed));
    for (int step = 0; step < STEPS; step++) {
      Map<NodeId, NodeState> before = fleet.states();
      long firstEvent = fleet.t.store.eventCount();
      String op = fleet.step();
      List<Event> appended = fleet.t.store.events(firstEvent, Long.MAX_VALUE);
      String where = "seed " + seed + " step " + step + " " + op;
      checkStep(before, fleet.states(), appended, op.endsWith("refused"), where);
    }
  }

  private static void checkStep(
      Map<NodeId, NodeState> before,
      Map<NodeId, NodeState> after,
      List<Event> appended,
      boolean refused,
      String where) {
    Map<String, Event> transitions = transitionEvents(appended, where);
    for (Map.Entry<NodeId, NodeState> e : after.entrySet()) {
      NodeState was = before.get(e.getKey());
      NodeState now = e.getValue();
      Event event = transitions.remove("node:" + e.getKey());
      if (was == null) {
        assertThat(now).as(where).isEqualTo(NodeState.PENDING);
        assertThat(event).as(where).isNull();
        continue;
      }
      assertThat(was == NodeState.DEACTIVATED && now != was)
          .as(where + ": left DEACTIVATED")
          .isFalse();
      assertThat(refused && now != was).as(where + ": refused but changed").isFalse();
      if (now != was || event != null) {
        assertThat(TransitionTest.ALLOWED).as(where).contains(was + "->" + now);
        SEEN.add(was + "->" + now);
        assertThat(event).as(where + ": one event for " + was + "->" + now).isNotNull();
        assertThat(event.details()).as(where).containsEntry("from", was.name());
        assertThat(event.details()).as(where).containsEntry("to", now.name());
      }
    }
    assertThat(transitions).as(where + ": events without a node").isEmpty();
  }

  /** The OK events that name a transition, by subject; at most one per node per step. */
  private static Map<String, Event> transitionEvents(List<Event> appended, String where) {
    Map<String, Event> bySubject = new HashMap<>();
    for (Event e : appended) {
      if (e.outcome() == Event.Outcome.OK && e.details().containsKey("to")) {
        assertThat(bySubject.put(e.subject(), e)).as(where + ": two events for one node").isNull();
      }
    }
    return bySubject;
  }

  /** Three nodes, a controller, and the operations a test may pick at random. */
  static final class Fleet {
    final CorePlane t = new CorePlane();
    final Random random;
    final NodeKey controller = CorePlane.newKey();
    final List<NodeKey> keys = List.of(CorePlane.newKey(), CorePlane.newKey(), CorePlane.newKey());
    final Map<Integer, Bytes> nonces = new HashMap<>();

    Fleet(Random random) throws ControlPlaneException {
      this.random = random;
      t.initialised(controller);
    }

    Map<NodeId, NodeState> states() {
      Map<NodeId, NodeState> states = new HashMap<>();
      t.store.nodes().forEach(n -> states.put(n.id(), n.state()));
      return states;
    }

    /** Runs one random operation; returns its name, ending in "refused" if it was. */
    String step() {
      int i = random.nextInt(keys.size());
      int pick = random.nextInt(100);
      String name = opName(pick) + "(n" + i + ")";
      try {
        run(pick, i);
        return name + " ok";
      } catch (ControlPlaneException e) {
        return name + " " + e.reason() + " refused";
      }
    }

    private static String opName(int pick) {
      List<String> names =
          new ArrayList<>(
              List.of("register", "verify", "verify-wrong", "challenge", "heartbeat", "sweep"));
      names.addAll(List.of("advance", "drain", "deactivate", "self-deactivate"));
      int[] bounds = {12, 30, 36, 46, 66, 76, 90, 94, 97, 100};
      for (int k = 0; k < bounds.length; k++) {
        if (pick < bounds[k]) {
          return names.get(k);
        }
      }
      throw new AssertionError(pick);
    }

    private void run(int pick, int i) throws ControlPlaneException {
      NodeKey key = keys.get(i);
      NodeId id = NodeId.of("n" + i);
      Caller node = CorePlane.caller(key);
      switch (opName(pick)) {
        case "register" -> nonces.put(i, t.register(key, id).challenge().nonce());
        case "verify" -> t.plane.verifyAttestation(node, id, evidence(key, i));
        case "verify-wrong" ->
            t.plane.verifyAttestation(node, id, CorePlane.evidence(key, Bytes.of(new byte[32])));
        case "challenge" -> nonces.put(i, t.plane.challenge(node, id).nonce());
        case "heartbeat" -> t.plane.heartbeat(node, id);
        case "sweep" -> t.plane.sweep();
        case "advance" -> t.clock.advance(Duration.ofSeconds(random.nextInt(400)));
        case "drain" -> t.plane.drainNode(CorePlane.caller(controller), id, "planned");
        case "deactivate" -> t.plane.deactivateNode(CorePlane.caller(controller), id, "random");
        default -> t.plane.deactivateNode(node, id, "self");
      }
    }

    private Bytes evidence(NodeKey key, int i) {
      return CorePlane.evidence(key, nonces.getOrDefault(i, Bytes.of(new byte[32])));
    }
  }
}

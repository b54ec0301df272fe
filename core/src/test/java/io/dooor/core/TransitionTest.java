package io.dooor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.testkit.StoreFixtures;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The transition table of DESIGN §3, pair by pair. */
class TransitionTest {
  /**
   * Every (from, to) pair DESIGN §3, today's heartbeat rule and issue 12 (judging again, DRAINING)
   * allow, and nothing else.
   */
  static final Set<String> ALLOWED =
      Set.of(
          "PENDING->ACTIVE",
          "ACTIVE->ACTIVE",
          "STALE->ACTIVE",
          "UNREACHABLE->ACTIVE",
          "ACTIVE->STALE",
          "ACTIVE->UNREACHABLE",
          "UNREACHABLE->STALE",
          "ACTIVE->DRAINING",
          "UNREACHABLE->DRAINING",
          "DRAINING->DRAINING",
          "DRAINING->DEACTIVATED",
          "PENDING->DEACTIVATED",
          "ACTIVE->DEACTIVATED",
          "STALE->DEACTIVATED",
          "UNREACHABLE->DEACTIVATED");

  static Node in(NodeState state) {
    return StoreFixtures.withState(StoreFixtures.fullNode("n1"), state, "test");
  }

  @Test
  void theTableListsExactlyTheAllowedPairs() {
    Set<String> pairs = new java.util.HashSet<>();
    for (Transition t : Transition.values()) {
      for (NodeState from : NodeState.values()) {
        if (t.leaves(from)) {
          pairs.add(from + "->" + t.to());
        }
      }
    }
    assertThat(pairs).isEqualTo(ALLOWED);
  }

  @ParameterizedTest
  @EnumSource(Transition.class)
  void eachTransitionMovesExactlyFromItsStates(Transition t) throws ControlPlaneException {
    for (NodeState from : NodeState.values()) {
      Node node = in(from);
      if (t.leaves(from)) {
        Node after = t.apply(node, "why");
        assertThat(after.state()).isEqualTo(t.to());
        assertThat(after.reason()).isEqualTo("why");
        assertThat(after).isEqualTo(StoreFixtures.withState(node, t.to(), "why"));
      } else {
        assertThatThrownBy(() -> t.apply(node, "why"))
            .isInstanceOf(ControlPlaneException.class)
            .hasMessageContaining("node n1 is " + from)
            .extracting(e -> ((ControlPlaneException) e).reason())
            .isEqualTo(Reason.CONFLICT);
      }
    }
  }

  @Test
  void deactivatedIsLeftByNone() {
    for (Transition t : Transition.values()) {
      assertThat(t.leaves(NodeState.DEACTIVATED)).as(t.name()).isFalse();
    }
    assertThat(NodeState.DEACTIVATED.isTerminal()).isTrue();
  }

  @Test
  void onlyActiveIsTrusted() {
    assertThat(EnumSet.allOf(NodeState.class).stream().filter(NodeState::isTrusted))
        .containsExactly(NodeState.ACTIVE);
  }
}

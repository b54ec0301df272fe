package io.dooor.core;

import static io.dooor.core.CorePlane.caller;
import static io.dooor.core.CorePlane.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DRAINING (issue 12): planned removal by an operator or controller. The node keeps heartbeating,
 * may re-attest and derive its keys while its attestation is valid, gets no new duties, and leaves
 * DRAINING only by deactivation.
 */
class DrainingTest {
  final CorePlane t = new CorePlane();
  final NodeKey controllerKey = CorePlane.newKey();
  final Caller controller = caller(controllerKey);
  final NodeKey key = CorePlane.newKey();
  final Caller node = caller(key);
  final NodeId id = NodeId.of("n1");

  @BeforeEach
  void setUp() throws ControlPlaneException {
    t.initialised(controllerKey);
    t.admit(key, id);
  }

  @Test
  void anOperatorDrainsAnActiveNodeAndItIsRecorded() throws Exception {
    NodeKey operatorKey = CorePlane.newKey();
    t.plane.grant(controller, operatorKey.principal(), Role.OPERATOR);
    Node draining = t.plane.drainNode(caller(operatorKey), id, "scale down");
    assertThat(draining.state()).isEqualTo(NodeState.DRAINING);
    assertThat(draining.reason()).isEqualTo("scale down");
    Event e = t.store.events(t.store.eventCount() - 1, t.store.eventCount()).get(0);
    assertThat(e.action()).isEqualTo("node.drain");
    assertThat(e.details())
        .containsEntry("from", "ACTIVE")
        .containsEntry("to", "DRAINING")
        .containsEntry("reason", "scale down");
  }

  @Test
  void theNodeItselfAndStrangersMayNotDrain() {
    assertThat(refusal(() -> t.plane.drainNode(node, id, "me")).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(t.store.node(id).orElseThrow().state()).isEqualTo(NodeState.ACTIVE);
  }

  @Test
  void aDrainingNodeHeartbeatsReattestsAndIsNotMovedByTimers() throws Exception {
    t.plane.drainNode(controller, id, "planned");
    t.clock.advance(Duration.ofSeconds(20));
    assertThat(t.plane.heartbeat(node, id).state()).isEqualTo(NodeState.DRAINING);
    t.clock.advance(Duration.ofMinutes(9));
    Bytes nonce = t.plane.challenge(node, id).nonce();
    Node again = t.plane.verifyAttestation(node, id, CorePlane.evidence(key, nonce));
    assertThat(again.state()).isEqualTo(NodeState.DRAINING);
    assertThat(again.reason()).isEqualTo("planned");
    t.clock.advance(Duration.ofHours(2));
    assertThat(t.plane.sweep()).as("no STALE, no UNREACHABLE: left only by deactivation").isEmpty();
    assertThat(t.plane.deactivateNode(controller, id, "done").state())
        .isEqualTo(NodeState.DEACTIVATED);
  }

  @Test
  void onlyActiveAndUnreachableNodesDrain() throws Exception {
    t.clock.advance(Duration.ofMinutes(11));
    t.plane.sweep();
    ControlPlaneException e = refusal(() -> t.plane.drainNode(controller, id, "stale"));
    assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(e.getMessage()).contains("is STALE");
  }

  @Test
  void aDrainingNodeThatNoLongerPassesIsDeactivated() throws Exception {
    t.plane.drainNode(controller, id, "planned");
    t.plane.setPolicy(controller, FleetJudgingTest.policy(Set.of(FleetJudgingTest.OTHER.hex()), 0));
    assertThat(t.plane.sweep()).extracting(Node::state).containsExactly(NodeState.DEACTIVATED);
    Event e = t.store.events(t.store.eventCount() - 2, t.store.eventCount()).get(0);
    assertThat(e.action()).isEqualTo("node.deactivate");
    assertThat(e.details())
        .containsEntry("rule", "draining_rejudged")
        .containsEntry("from", "DRAINING");
  }

  @Test
  void aSilentDrainingNodeIsDeactivatedPastTheGrace() throws Exception {
    t.plane.setPolicy(
        controller,
        FleetJudgingTest.withRules(
            CorePlane.policy("w"), new AutoDeactivation(Duration.ofSeconds(30), 0, true)));
    t.plane.sweep();
    t.plane.drainNode(controller, id, "planned");
    t.clock.advance(Duration.ofSeconds(61));
    assertThat(t.plane.sweep()).extracting(Node::state).containsExactly(NodeState.DEACTIVATED);
  }

  @Test
  void drainingIsNotTrustedForNewDutiesButMayDerive() {
    assertThat(NodeState.DRAINING.isTrusted()).isFalse();
    assertThat(NodeState.DRAINING.mayDerive()).isTrue();
  }
}

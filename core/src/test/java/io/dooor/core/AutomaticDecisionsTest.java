package io.dooor.core;

import static io.dooor.core.CorePlane.caller;
import static io.dooor.core.CorePlane.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The automatic decisions of a workload's policy (issue 12): UNREACHABLE past a grace period, and N
 * consecutive failed attestations, deactivate the node, each recorded as a {@code node.deactivate}
 * event naming its rule. Off by default: deactivation is terminal.
 */
class AutomaticDecisionsTest {
  final CorePlane t = new CorePlane();
  final NodeKey controllerKey = CorePlane.newKey();
  final Caller controller = caller(controllerKey);
  final NodeKey key = CorePlane.newKey();
  final Caller node = caller(key);
  final NodeId id = NodeId.of("n1");

  @BeforeEach
  void setUp() throws ControlPlaneException {
    t.initialised(controllerKey);
  }

  void rules(Duration grace, int maxFailures) throws ControlPlaneException {
    t.plane.setPolicy(
        controller,
        FleetJudgingTest.withRules(
            CorePlane.policy("w"), new AutoDeactivation(grace, maxFailures, true)));
  }

  @Test
  void unreachablePastTheGraceIsDeactivatedNamingTheRule() throws Exception {
    rules(Duration.ofSeconds(60), 0);
    t.admit(key, id);
    t.clock.advance(Duration.ofSeconds(31));
    assertThat(t.plane.sweep()).extracting(Node::state).containsExactly(NodeState.UNREACHABLE);
    t.clock.advance(Duration.ofSeconds(59));
    assertThat(t.plane.sweep()).as("within the grace").isEmpty();
    long before = t.store.eventCount();
    t.clock.advance(Duration.ofSeconds(2));
    assertThat(t.plane.sweep()).extracting(Node::state).containsExactly(NodeState.DEACTIVATED);
    Event e =
        FleetJudgingTest.only(t.store.events(before, Long.MAX_VALUE), "node.deactivate", "node:n1");
    assertThat(e.details())
        .containsEntry("rule", "unreachable_grace")
        .containsEntry("from", "UNREACHABLE")
        .containsEntry("to", "DEACTIVATED");
    assertThat(e.reason()).contains("automatic (unreachable_grace)");
    assertThat(refusal(() -> t.plane.heartbeat(node, id)).reason()).isEqualTo(Reason.CONFLICT);
  }

  @Test
  void byDefaultAnUnreachableNodeIsNeverDeactivated() throws Exception {
    t.admit(key, id);
    t.clock.advance(Duration.ofSeconds(31));
    t.plane.sweep();
    t.clock.advance(Duration.ofDays(30));
    assertThat(t.plane.sweep()).isEmpty();
    assertThat(t.store.node(id).orElseThrow().state()).isEqualTo(NodeState.UNREACHABLE);
  }

  @Test
  void consecutiveFailedAttestationsDeactivateAtTheMaximum() throws Exception {
    rules(Duration.ZERO, 3);
    t.admit(key, id);
    for (int i = 1; i <= 2; i++) {
      failAttestation();
      Node n = t.store.node(id).orElseThrow();
      assertThat(n.failedAttestations()).isEqualTo(i);
      assertThat(n.state()).isEqualTo(NodeState.ACTIVE);
    }
    long before = t.store.eventCount();
    failAttestation();
    assertThat(t.store.node(id).orElseThrow().state()).isEqualTo(NodeState.DEACTIVATED);
    List<Event> events = t.store.events(before, Long.MAX_VALUE);
    assertThat(FleetJudgingTest.only(events, "node.attestation_failed", "node:n1").details())
        .containsEntry("failed_attestations", "3")
        .containsEntry("max_failed_attestations", "3");
    Event e = FleetJudgingTest.only(events, "node.deactivate", "node:n1");
    assertThat(e.details()).containsEntry("rule", "max_failed_attestations");
    assertThat(e.reason()).contains("3 consecutive failed attestations");
  }

  @Test
  void aSuccessResetsTheCount() throws Exception {
    rules(Duration.ZERO, 2);
    t.admit(key, id);
    failAttestation();
    Bytes nonce = t.plane.challenge(node, id).nonce();
    assertThat(
            t.plane
                .verifyAttestation(node, id, CorePlane.evidence(key, nonce))
                .failedAttestations())
        .isZero();
    failAttestation();
    assertThat(t.store.node(id).orElseThrow().state()).isEqualTo(NodeState.ACTIVE);
  }

  @Test
  void byDefaultAFailedAttestationChangesNothing() throws Exception {
    t.admit(key, id);
    Node before = t.store.node(id).orElseThrow();
    long events = t.store.eventCount();
    for (int i = 0; i < 5; i++) {
      assertThat(refusal(() -> t.plane.verifyAttestation(node, id, Bytes.of(new byte[3]))).reason())
          .isEqualTo(Reason.EVIDENCE_INVALID);
    }
    assertThat(t.store.node(id)).contains(before);
    assertThat(t.store.eventCount()).isEqualTo(events);
  }

  @Test
  void refusalsBeforeVerificationDoNotCount() throws Exception {
    rules(Duration.ZERO, 1);
    t.admit(key, id);
    Caller stranger = caller(CorePlane.newKey());
    assertThat(
            refusal(() -> t.plane.verifyAttestation(stranger, id, Bytes.of(new byte[3]))).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(t.store.node(id).orElseThrow().failedAttestations()).isZero();
  }

  /** A fresh challenge answered with garbage: a failed attempt to attest again. */
  private void failAttestation() throws ControlPlaneException {
    t.plane.challenge(node, id);
    ControlPlaneException e =
        refusal(() -> t.plane.verifyAttestation(node, id, Bytes.of(new byte[3])));
    assertThat(e.reason()).isEqualTo(Reason.EVIDENCE_INVALID);
  }
}

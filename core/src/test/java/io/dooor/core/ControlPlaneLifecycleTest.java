package io.dooor.core;

import static io.dooor.core.CorePlane.caller;
import static io.dooor.core.CorePlane.evidence;
import static io.dooor.core.CorePlane.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lifecycle of DESIGN §3 through the facade, on the in-memory store. */
class ControlPlaneLifecycleTest {
  final CorePlane t = new CorePlane();
  final NodeKey controller = CorePlane.newKey();
  final NodeKey nodeKey = CorePlane.newKey();
  final NodeId id = NodeId.of("n1");
  final Caller admin = caller(controller);
  final Caller node = caller(nodeKey);

  @BeforeEach
  void setUp() throws ControlPlaneException {
    t.initialised(controller);
  }

  Registration register() throws ControlPlaneException {
    return t.register(nodeKey, id);
  }

  Node admit() throws ControlPlaneException {
    return t.admit(nodeKey, id);
  }

  @Test
  void admissionNeedsTheChallengeBoundToTheNodeKey() throws ControlPlaneException {
    Registration r = register();
    assertThat(r.node().state()).isEqualTo(NodeState.PENDING);
    assertThat(r.node().principal()).isEqualTo(nodeKey.principal());
    Node active = t.plane.verifyAttestation(node, id, evidence(nodeKey, r.challenge().nonce()));
    assertThat(active.state()).isEqualTo(NodeState.ACTIVE);
    assertThat(active.attestationExpiresAt())
        .isEqualTo(t.clock.instant().plus(CorePlane.ATTESTATION_TTL));
    assertThat(active.measurements()).containsEntry("MEASUREMENT", CorePlane.MEASUREMENT.hex());
  }

  @Test
  void wrongNonceOtherKeyAndReuseAreRefusedAndLeaveTheNodePending() throws ControlPlaneException {
    Registration r = register();
    long before = t.store.eventCount();
    NodeKey other = CorePlane.newKey();
    Bytes zeros = Bytes.of(new byte[32]);
    assertThat(
            refusal(() -> t.plane.verifyAttestation(node, id, evidence(nodeKey, zeros))).reason())
        .isEqualTo(Reason.BINDING_MISMATCH);
    Bytes otherKeys = evidence(other, r.challenge().nonce());
    assertThat(refusal(() -> t.plane.verifyAttestation(node, id, otherKeys)).reason())
        .isEqualTo(Reason.BINDING_MISMATCH);
    assertThat(t.store.node(id).orElseThrow().state()).isEqualTo(NodeState.PENDING);
    assertThat(t.store.eventCount())
        .as("the edge records refusals, not the plane")
        .isEqualTo(before);
    Bytes good = evidence(nodeKey, r.challenge().nonce());
    t.plane.verifyAttestation(node, id, good);
    assertThat(refusal(() -> t.plane.verifyAttestation(node, id, good)).reason())
        .isEqualTo(Reason.CHALLENGE_MISSING);
  }

  @Test
  void expiredChallengeIsRefused() throws ControlPlaneException {
    Registration r = register();
    t.clock.advance(CorePlane.CHALLENGE_TTL);
    Bytes late = evidence(nodeKey, r.challenge().nonce());
    assertThat(refusal(() -> t.plane.verifyAttestation(node, id, late)).reason())
        .isEqualTo(Reason.CHALLENGE_EXPIRED);
  }

  @Test
  void unverifiableEvidenceIsRefusedNamingWhatWasRefused() throws ControlPlaneException {
    register();
    long before = t.store.eventCount();
    ControlPlaneException e =
        refusal(() -> t.plane.verifyAttestation(node, id, Bytes.of(new byte[3])));
    assertThat(e.reason()).isEqualTo(Reason.EVIDENCE_INVALID);
    assertThat(e.getMessage()).contains("MALFORMED");
    assertThat(e.refusal().orElseThrow().action()).isEqualTo("node.verify");
    assertThat(t.store.eventCount()).as("recorded by the edge, not here").isEqualTo(before);
    assertThat(t.store.node(id).orElseThrow().state()).isEqualTo(NodeState.PENDING);
  }

  @Test
  void policyRefusalNamesEveryFailedCheck() throws ControlPlaneException {
    Registration r = register();
    Bytes debug =
        FakeTee.evidence(r.challenge().nonce(), nodeKey, Bytes.fromHex("ee".repeat(48)), true);
    ControlPlaneException e = refusal(() -> t.plane.verifyAttestation(node, id, debug));
    assertThat(e.reason()).isEqualTo(Reason.POLICY_REFUSED);
    assertThat(e.failedChecks())
        .hasSize(2)
        .anyMatch(c -> c.startsWith("debug"))
        .anyMatch(c -> c.startsWith("measurement MEASUREMENT"));
  }

  @Test
  void productionDefaultRefusesSim() {
    Bytes report = evidence(nodeKey, Bytes.of(new byte[32]));
    ControlPlaneException e =
        refusal(() -> t.plane.registerTeeNode(node, id, "prod", TeeType.SIM, nodeKey, report));
    assertThat(e.reason()).isEqualTo(Reason.POLICY_REFUSED);
    assertThat(t.store.node(id)).isEmpty();
  }

  @Test
  void aNodeRegistersOnce() throws ControlPlaneException {
    register();
    assertThat(refusal(this::register).reason()).isEqualTo(Reason.CONFLICT);
  }

  @Test
  void attestationLapsesToStaleAndReattestationRestores() throws ControlPlaneException {
    admit();
    t.clock.advance(Duration.ofMinutes(11));
    assertThat(t.plane.sweep()).extracting(Node::state).containsExactly(NodeState.STALE);
    assertThat(t.plane.heartbeat(node, id).state()).isEqualTo(NodeState.STALE);
    Bytes nonce = t.plane.challenge(node, id).nonce();
    assertThat(t.plane.verifyAttestation(node, id, evidence(nodeKey, nonce)).state())
        .isEqualTo(NodeState.ACTIVE);
  }

  @Test
  void missedHeartbeatsMakeUnreachableAndAHeartbeatRestores() throws ControlPlaneException {
    admit();
    t.clock.advance(Duration.ofSeconds(31));
    assertThat(t.plane.sweep()).extracting(Node::state).containsExactly(NodeState.UNREACHABLE);
    assertThat(t.plane.heartbeat(node, id).state()).isEqualTo(NodeState.ACTIVE);
    assertThat(t.plane.sweep()).isEmpty();
  }

  @Test
  void anUnreachableNodeWhoseAttestationLapsedComesBackStale() throws ControlPlaneException {
    admit();
    t.clock.advance(Duration.ofSeconds(31));
    t.plane.sweep();
    t.clock.advance(Duration.ofMinutes(10));
    Node back = t.plane.heartbeat(node, id);
    assertThat(back.state()).isEqualTo(NodeState.STALE);
    assertThat(back.lastHeartbeatAt()).isEqualTo(t.clock.instant());
  }

  @Test
  void aPendingNodeSendsNoHeartbeats() throws ControlPlaneException {
    register();
    assertThat(refusal(() -> t.plane.heartbeat(node, id)).reason()).isEqualTo(Reason.CONFLICT);
    assertThat(refusal(() -> t.plane.heartbeat(admin, id)).reason()).isEqualTo(Reason.FORBIDDEN);
  }

  @Test
  void deactivationIsTerminalAndControllerOnly() throws ControlPlaneException {
    admit();
    assertThat(refusal(() -> t.plane.deactivateNode(node, id, "self")).reason())
        .isEqualTo(Reason.FORBIDDEN);
    Node dead = t.plane.deactivateNode(admin, id, "compromised");
    assertThat(dead.state()).isEqualTo(NodeState.DEACTIVATED);
    assertThat(dead.reason()).isEqualTo("compromised");
    ControlPlaneException again = refusal(() -> t.plane.deactivateNode(admin, id, "again"));
    assertThat(again.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(again.getMessage()).contains("is DEACTIVATED");
    assertThat(refusal(() -> t.plane.challenge(node, id)).reason()).isEqualTo(Reason.CONFLICT);
    assertThat(refusal(() -> t.plane.heartbeat(node, id)).reason()).isEqualTo(Reason.CONFLICT);
    assertThat(refusal(() -> t.plane.verifyAttestation(node, id, Bytes.empty())).reason())
        .isEqualTo(Reason.CONFLICT);
  }

  @Test
  void deactivationRevokesTheOutstandingChallenge() throws ControlPlaneException {
    Registration r = register();
    t.plane.deactivateNode(admin, id, "never mind");
    java.util.Optional<Challenge> left = t.store.inTransaction(tx -> tx.challenge(id));
    assertThat(left).isEmpty();
    assertThat(r.node().state()).isEqualTo(NodeState.PENDING);
  }

  @Test
  void strangersAreRefusedBeforeTheirEvidenceIsVerified() throws ControlPlaneException {
    register();
    Caller s = caller(CorePlane.newKey());
    Bytes garbage = Bytes.of(new byte[3]);
    assertThat(refusal(() -> t.plane.verifyAttestation(s, id, garbage)).reason())
        .isEqualTo(Reason.FORBIDDEN);
    NodeId other = NodeId.of("n2");
    assertThat(
            refusal(() -> t.plane.registerTeeNode(s, other, "w", TeeType.SIM, nodeKey, garbage))
                .reason())
        .isEqualTo(Reason.FORBIDDEN);
  }

  @Test
  void everyChangeIsRecordedInOrderAndARefusalNamesWhatWasRefused() throws ControlPlaneException {
    admit();
    ControlPlaneException refused = refusal(() -> t.plane.deactivateNode(node, id, "x"));
    var events = t.store.events(0, 100);
    assertThat(events).extracting(Event::seq).containsExactly(0L, 1L, 2L, 3L);
    assertThat(events)
        .extracting(Event::action)
        .containsExactly("init", "policy.set", "node.register", "node.verify");
    assertThat(events.get(3).details())
        .containsEntry("from", "PENDING")
        .containsEntry("to", "ACTIVE");
    assertThat(refused.refusal().orElseThrow().action()).isEqualTo("node.deactivate");
    assertThat(refused.refusal().orElseThrow().subject()).isEqualTo("node:" + id.value());
  }
}

package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.NodeState;
import io.dooor.core.PolicySpec;
import io.dooor.core.Registration;
import io.dooor.core.Role;
import io.dooor.core.TeeType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle of DESIGN §3 on the real store, with a clock the test controls. */
class ControlPlaneLifecycleTest {
  @TempDir Path dir;
  TestPlane t;
  final Identity controller = Identity.generate();
  final Identity nodeKey = Identity.generate();
  final NodeId id = NodeId.of("n1");
  Caller admin;
  Caller node;

  @BeforeEach
  void setUp() throws ControlPlaneException {
    t = new TestPlane(dir);
    admin = TestPlane.caller(controller);
    node = TestPlane.caller(nodeKey);
    t.plane.init(controller.principal());
    t.plane.setPolicy(
        admin,
        new PolicySpec(
            "w",
            Set.of(TeeType.SIM),
            Map.of("MEASUREMENT", Set.of(TestPlane.MEASUREMENT.hex())),
            Map.of(),
            Set.of("NotApplicable"),
            false,
            Duration.ofMinutes(10),
            Duration.ofMinutes(1)));
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  Registration register() throws ControlPlaneException {
    return t.plane.registerTeeNode(
        node,
        id,
        "w",
        TeeType.SIM,
        nodeKey.publicKeySpki(),
        t.evidence(nodeKey, Bytes.of(new byte[32])));
  }

  Node admit() throws ControlPlaneException {
    Registration r = register();
    return t.plane.verifyAttestation(node, id, t.evidence(nodeKey, r.challenge().nonce()));
  }

  ControlPlaneException refusal(ThrowingOp op) {
    try {
      op.run();
    } catch (ControlPlaneException e) {
      return e;
    }
    throw new AssertionError("operation was not refused");
  }

  interface ThrowingOp {
    void run() throws ControlPlaneException;
  }

  @Test
  void admissionNeedsTheChallengeBoundToTheNodeKey() throws ControlPlaneException {
    Registration r = register();
    assertThat(r.node().state()).isEqualTo(NodeState.PENDING);
    Node active = t.plane.verifyAttestation(node, id, t.evidence(nodeKey, r.challenge().nonce()));
    assertThat(active.state()).isEqualTo(NodeState.ACTIVE);
    assertThat(active.attestationExpiresAt())
        .isEqualTo(t.clock.instant().plus(Duration.ofMinutes(10)));
  }

  @Test
  void wrongNonceOtherKeyAndReuseAreRefusedAndLeaveTheNodePending() throws ControlPlaneException {
    Registration r = register();
    long before = t.store.eventCount();
    Identity other = Identity.generate();
    assertThat(
            refusal(
                    () ->
                        t.plane.verifyAttestation(
                            node, id, t.evidence(nodeKey, Bytes.of(new byte[32]))))
                .reason())
        .isEqualTo(Reason.BINDING_MISMATCH);
    assertThat(
            refusal(
                    () ->
                        t.plane.verifyAttestation(
                            node, id, t.evidence(other, r.challenge().nonce())))
                .reason())
        .isEqualTo(Reason.BINDING_MISMATCH);
    assertThat(t.store.node(id).orElseThrow().state()).isEqualTo(NodeState.PENDING);
    assertThat(t.store.eventCount())
        .as("the edge records refusals, not the plane")
        .isEqualTo(before);
    t.plane.verifyAttestation(node, id, t.evidence(nodeKey, r.challenge().nonce()));
    assertThat(
            refusal(
                    () ->
                        t.plane.verifyAttestation(
                            node, id, t.evidence(nodeKey, r.challenge().nonce())))
                .reason())
        .isEqualTo(Reason.CHALLENGE_MISSING);
  }

  @Test
  void expiredChallengeIsRefused() throws ControlPlaneException {
    Registration r = register();
    t.clock.advance(Duration.ofMinutes(2));
    Bytes late = t.evidence(nodeKey, r.challenge().nonce());
    assertThat(refusal(() -> t.plane.verifyAttestation(node, id, late)).reason())
        .isEqualTo(Reason.CHALLENGE_EXPIRED);
  }

  @Test
  void policyRefusalNamesEveryFailedCheck() throws ControlPlaneException {
    Registration r = register();
    Bytes debug =
        t.tee
            .report(
                io.dooor.core.ReportDataBinding.expected(
                    r.challenge().nonce(), nodeKey.publicKeySpki()),
                Bytes.fromHex("ee".repeat(48)),
                Bytes.of(new byte[16]),
                true)
            .encode();
    ControlPlaneException e = refusal(() -> t.plane.verifyAttestation(node, id, debug));
    assertThat(e.reason()).isEqualTo(Reason.POLICY_REFUSED);
    assertThat(e.failedChecks())
        .hasSize(2)
        .anyMatch(c -> c.startsWith("debug"))
        .anyMatch(c -> c.startsWith("measurement MEASUREMENT"));
  }

  @Test
  void productionDefaultRefusesSim() {
    ControlPlaneException e =
        refusal(
            () ->
                t.plane.registerTeeNode(
                    node,
                    id,
                    "prod",
                    TeeType.SIM,
                    nodeKey.publicKeySpki(),
                    t.evidence(nodeKey, Bytes.of(new byte[32]))));
    assertThat(e.reason()).isEqualTo(Reason.POLICY_REFUSED);
    assertThat(t.store.node(id)).isEmpty();
  }

  @Test
  void attestationLapsesToStaleAndReattestationRestores() throws ControlPlaneException {
    admit();
    t.clock.advance(Duration.ofMinutes(11));
    assertThat(t.plane.sweep()).extracting(Node::state).containsExactly(NodeState.STALE);
    Bytes nonce = t.plane.challenge(node, id).nonce();
    assertThat(t.plane.verifyAttestation(node, id, t.evidence(nodeKey, nonce)).state())
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
  void deactivationIsTerminalAndControllerOnly() throws ControlPlaneException {
    admit();
    assertThat(refusal(() -> t.plane.deactivateNode(node, id, "self")).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(t.plane.deactivateNode(admin, id, "compromised").state())
        .isEqualTo(NodeState.DEACTIVATED);
    assertThat(refusal(() -> t.plane.deactivateNode(admin, id, "again")).reason())
        .isEqualTo(Reason.CONFLICT);
    assertThat(refusal(() -> t.plane.challenge(node, id)).reason()).isEqualTo(Reason.CONFLICT);
    assertThat(refusal(() -> t.plane.heartbeat(node, id)).reason()).isEqualTo(Reason.CONFLICT);
  }

  @Test
  void rolesGateOperations() throws ControlPlaneException {
    Identity stranger = Identity.generate();
    Caller s = TestPlane.caller(stranger);
    assertThat(refusal(() -> t.plane.nodes(s)).reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(refusal(() -> t.plane.events(s, 0, 10)).reason()).isEqualTo(Reason.FORBIDDEN);
    t.plane.grant(admin, stranger.principal(), Role.AUDITOR);
    assertThat(t.plane.events(s, 0, 10)).isNotEmpty();
    assertThat(refusal(() -> t.plane.nodes(s)).reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(refusal(() -> t.plane.init(stranger.principal())).reason())
        .isEqualTo(Reason.CONFLICT);
  }

  @Test
  void strangersAreRefusedBeforeTheirEvidenceIsVerified() throws ControlPlaneException {
    register();
    Caller s = TestPlane.caller(Identity.generate());
    Bytes garbage = Bytes.of(new byte[3]);
    assertThat(refusal(() -> t.plane.verifyAttestation(s, id, garbage)).reason())
        .isEqualTo(Reason.FORBIDDEN);
    NodeId other = NodeId.of("n2");
    assertThat(
            refusal(
                    () ->
                        t.plane.registerTeeNode(
                            s, other, "w", TeeType.SIM, nodeKey.publicKeySpki(), garbage))
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
    assertThat(refused.refusal())
        .contains(new ControlPlaneException.Refusal("node.deactivate", "node:n1", Map.of()));
  }
}

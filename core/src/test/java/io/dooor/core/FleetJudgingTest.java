package io.dooor.core;

import static io.dooor.core.CorePlane.caller;
import static io.dooor.core.CorePlane.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.KeyService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Judging the fleet again (issue 12): a policy change judges every ACTIVE node of the workload
 * against its kept claims within one sweep, and a collateral refresh verifies the kept evidence
 * again; nodes that no longer pass go STALE (REJUDGE, the failed checks recorded) and derive
 * nothing until they attest again.
 */
class FleetJudgingTest {
  static final Bytes OTHER = Bytes.fromHex("e1".repeat(48));

  final FleetTee tee = new FleetTee();
  final CorePlane t = new CorePlane(tee, KeyService.unavailable("none in core"));
  final NodeKey controllerKey = CorePlane.newKey();
  final Caller controller = caller(controllerKey);
  final NodeKey k1 = CorePlane.newKey();
  final NodeKey k2 = CorePlane.newKey();
  final NodeId n1 = NodeId.of("n1");
  final NodeId n2 = NodeId.of("n2");

  @BeforeEach
  void setUp() throws ControlPlaneException {
    t.plane.init(controllerKey.principal());
    t.plane.setPolicy(controller, policy(Set.of(CorePlane.MEASUREMENT.hex(), OTHER.hex()), 0));
    t.admit(k1, n1);
    Registration r = t.plane.registerTeeNode(caller(k2), n2, "w", TeeType.SIM, k2, report(k2));
    t.plane.verifyAttestation(
        caller(k2), n2, FakeTee.evidence(r.challenge().nonce(), k2, OTHER, false));
  }

  static Bytes report(NodeKey key) {
    return FakeTee.evidence(Bytes.of(new byte[32]), key, OTHER, false);
  }

  static PolicySpec policy(Set<String> measurements, long minSvn) {
    PolicySpec base = CorePlane.policy("w");
    return new PolicySpec(
        "w",
        base.allowedTypes(),
        Map.of("MEASUREMENT", measurements),
        minSvn == 0 ? Map.of() : Map.of("SVN", minSvn),
        base.acceptedTcbStatuses(),
        false,
        base.attestationTtl(),
        base.challengeTtl());
  }

  @Test
  void removingAMeasurementMakesItsNodesStaleWithinOneSweepNamingTheCheck() throws Exception {
    long before = t.store.eventCount();
    t.plane.setPolicy(controller, policy(Set.of(OTHER.hex()), 0));

    assertThat(t.plane.sweep()).extracting(Node::id).containsExactly(n1);
    Node stale = t.store.node(n1).orElseThrow();
    assertThat(stale.state()).isEqualTo(NodeState.STALE);
    assertThat(stale.reason()).contains("measurement MEASUREMENT");
    Node kept = t.store.node(n2).orElseThrow();
    assertThat(kept.state()).isEqualTo(NodeState.ACTIVE);
    assertThat(kept.policyVersion()).isEqualTo(2);

    List<Event> events = t.store.events(before, Long.MAX_VALUE);
    Event rejudged = only(events, "node.rejudge", "node:n1");
    assertThat(rejudged.details())
        .containsEntry("from", "ACTIVE")
        .containsEntry("to", "STALE")
        .containsEntry("policy_version", "2");
    assertThat(rejudged.details().get("failed_checks")).startsWith("measurement MEASUREMENT");
    assertThat(rejudged.reason()).contains("failed checks").contains("measurement MEASUREMENT");
    assertThat(only(events, "node.rejudge", "fleet").details())
        .containsEntry("judged", "2")
        .containsEntry("passed", "1")
        .containsEntry("failed", "1");
    assertThat(t.plane.sweep()).as("judged once per policy version").isEmpty();
    assertThat(tee.verifications).as("kept claims, no TEE needed").hasValue(4);
  }

  @Test
  void aStaleNodeDerivesNothingUntilItAttestsAgain() throws Exception {
    t.plane.setPolicy(controller, policy(Set.of(OTHER.hex()), 0));
    t.plane.sweep();
    ControlPlaneException refused =
        refusal(
            () ->
                t.plane.deriveKey(
                    caller(k1),
                    ControlPlane.NODE_KEY_CONTEXT,
                    Bytes.of("n1".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    null));
    assertThat(refused.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(refused.failedChecks()).containsExactly("derive.node_not_active");

    t.plane.setPolicy(controller, policy(Set.of(CorePlane.MEASUREMENT.hex()), 0));
    Bytes nonce = t.plane.challenge(caller(k1), n1).nonce();
    Node back = t.plane.verifyAttestation(caller(k1), n1, CorePlane.evidence(k1, nonce));
    assertThat(back.state()).isEqualTo(NodeState.ACTIVE);
    assertThat(back.policyVersion()).isEqualTo(3);
  }

  @Test
  void minimumsAndDebugAreJudgedFromTheKeptClaims() throws Exception {
    t.plane.setPolicy(controller, policy(Set.of(CorePlane.MEASUREMENT.hex(), OTHER.hex()), 4));
    assertThat(t.plane.sweep()).extracting(Node::state).containsOnly(NodeState.STALE).hasSize(2);
    assertThat(t.store.node(n1).orElseThrow().reason()).contains("minimum SVN: 3 < 4");
  }

  @Test
  void aPolicyChangeTheFleetStillPassesOnlyRecordsTheJudgement() throws Exception {
    t.plane.setPolicy(controller, policy(Set.of(CorePlane.MEASUREMENT.hex(), OTHER.hex()), 3));
    assertThat(t.plane.sweep()).isEmpty();
    assertThat(t.store.nodes())
        .allSatisfy(
            n -> {
              assertThat(n.state()).isEqualTo(NodeState.ACTIVE);
              assertThat(n.policyVersion()).isEqualTo(2);
            });
  }

  @Test
  void aRefreshThatRevokesTheTcbDeactivatesByDefaultNamingTheRule() throws Exception {
    t.plane.sweep();
    int verified = tee.verifications.get();
    long before = t.store.eventCount();
    tee.refresh(AutoDeactivation.REVOKED);

    assertThat(t.plane.sweep()).extracting(Node::state).containsOnly(NodeState.DEACTIVATED);
    assertThat(tee.verifications.get() - verified).as("each kept evidence once").isEqualTo(2);
    Event e = only(t.store.events(before, Long.MAX_VALUE), "node.deactivate", "node:n1");
    assertThat(e.details())
        .containsEntry("rule", "tcb_revoked")
        .containsEntry("from", "ACTIVE")
        .containsEntry("to", "DEACTIVATED");
    assertThat(e.reason()).contains("automatic (tcb_revoked)").contains("tcb_status: Revoked");
    assertThat(e.actor()).isEqualTo(Principal.managementCanister());
  }

  @Test
  void aRevokedKeyRefusedOnVerificationDeactivatesToo() throws Exception {
    t.plane.sweep();
    tee.refreshRevokingTheKey();
    t.plane.sweep();
    assertThat(t.store.node(n1).orElseThrow().state()).isEqualTo(NodeState.DEACTIVATED);
    assertThat(t.store.node(n1).orElseThrow().reason()).contains("pck_revoked");
  }

  @Test
  void withoutTheRevokedRuleARevokedTcbOnlyGoesStale() throws Exception {
    PolicySpec p = policy(Set.of(CorePlane.MEASUREMENT.hex(), OTHER.hex()), 0);
    t.plane.setPolicy(
        controller, withRules(p, new AutoDeactivation(java.time.Duration.ZERO, 0, false)));
    t.plane.sweep();
    tee.refresh(AutoDeactivation.REVOKED);
    t.plane.sweep();
    Node n = t.store.node(n1).orElseThrow();
    assertThat(n.state()).isEqualTo(NodeState.STALE);
    assertThat(n.tcbStatus()).isEqualTo(AutoDeactivation.REVOKED);
  }

  @Test
  void aRefreshThatChangesTheStatusToOneNotAcceptedMakesStale() throws Exception {
    t.plane.sweep();
    tee.refresh("OutOfDate");
    assertThat(t.plane.sweep()).extracting(Node::state).containsOnly(NodeState.STALE).hasSize(2);
    assertThat(t.store.node(n2).orElseThrow().reason()).contains("tcb_status: OutOfDate");
  }

  @Test
  void aRefreshThatChangesNothingKeepsTheFleetActiveAndVerifiesOnce() throws Exception {
    t.plane.sweep();
    int verified = tee.verifications.get();
    tee.refresh("NotApplicable");
    assertThat(t.plane.sweep()).isEmpty();
    assertThat(t.plane.sweep()).isEmpty();
    assertThat(tee.verifications.get() - verified).isEqualTo(2);
    assertThat(t.store.nodes()).extracting(Node::state).containsOnly(NodeState.ACTIVE);
  }

  @Test
  void anUnavailableCollateralServiceIsNoVerdictAndIsTriedAgain() throws Exception {
    t.plane.sweep();
    tee.refresh(AutoDeactivation.REVOKED);
    tee.available(false);
    assertThat(t.plane.sweep()).as("no verdict without collateral").isEmpty();
    assertThat(t.store.nodes()).extracting(Node::state).containsOnly(NodeState.ACTIVE);
    tee.available(true);
    assertThat(t.plane.sweep()).extracting(Node::state).containsOnly(NodeState.DEACTIVATED);
  }

  static PolicySpec withRules(PolicySpec p, AutoDeactivation rules) {
    return new PolicySpec(
        p.workload(),
        p.allowedTypes(),
        p.referenceValues(),
        p.minimums(),
        p.acceptedTcbStatuses(),
        p.allowDebug(),
        p.attestationTtl(),
        p.challengeTtl(),
        rules);
  }

  static Event only(List<Event> events, String action, String subject) {
    List<Event> found =
        events.stream()
            .filter(e -> e.action().equals(action) && e.subject().equals(subject))
            .toList();
    assertThat(found).as(action + " " + subject).hasSize(1);
    return found.get(0);
  }
}

package io.dooor.core;

import static io.dooor.core.CorePlane.caller;
import static io.dooor.core.CorePlane.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.proposal.Proposal;
import io.dooor.core.proposal.ProposalRules;
import io.dooor.core.proposal.ProposalState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** m of n approvals (issue 16) in core, on the in-memory store with a clock the test moves. */
class ProposalsTest {
  final CorePlane t = new CorePlane();
  final NodeKey a = CorePlane.newKey();
  final NodeKey b = CorePlane.newKey();
  final NodeKey c = CorePlane.newKey();

  @BeforeEach
  void setUp() throws ControlPlaneException {
    t.plane.init(a.principal());
    t.plane.configureProposals(
        ProposalRules.parse(List.of("all=2", "policy=3"), Duration.ofHours(1)));
  }

  @Test
  void theFirstControllerGrantsTheOthersThenTwoAreNeeded() throws ControlPlaneException {
    Proposal first = t.plane.proposeRole(caller(a), true, b.principal(), Role.CONTROLLER);
    assertThat(first.threshold()).isEqualTo(1);
    assertThat(first.state()).isEqualTo(ProposalState.APPLIED);
    Proposal second = t.plane.proposeRole(caller(a), true, c.principal(), Role.CONTROLLER);
    assertThat(second.threshold()).isEqualTo(2);
    assertThat(second.state()).isEqualTo(ProposalState.PENDING);
    assertThat(t.store.roles(c.principal())).isEmpty();
    t.plane.approve(caller(b), second.id(), second.digest());
    assertThat(t.store.roles(c.principal())).containsExactly(Role.CONTROLLER);
  }

  @Test
  void anApprovalCountsOnlyWhileItsSignerIsAController() throws ControlPlaneException {
    t.plane.proposeRole(caller(a), true, b.principal(), Role.CONTROLLER);
    Proposal addC = t.plane.proposeRole(caller(a), true, c.principal(), Role.CONTROLLER);
    t.plane.approve(caller(b), addC.id(), addC.digest());
    Proposal policy = t.plane.proposePolicy(caller(a), CorePlane.policy("w"));
    assertThat(policy.threshold()).isEqualTo(3);
    t.plane.approve(caller(b), policy.id(), policy.digest());
    Proposal dropA = t.plane.proposeRole(caller(b), false, a.principal(), Role.CONTROLLER);
    t.plane.approve(caller(c), dropA.id(), dropA.digest());
    assertThat(t.store.roles(a.principal())).isEmpty();
    // a's approval no longer counts: b and c make 2 of 3, and no controller is left to decide
    Proposal after = t.plane.approve(caller(c), policy.id(), policy.digest());
    assertThat(after.state()).isEqualTo(ProposalState.REJECTED);
    assertThat(t.store.policy("w")).isEmpty();
  }

  @Test
  void theLastControllerIsNotRevokedThroughAProposalEither() throws ControlPlaneException {
    ControlPlaneException refused =
        refusal(() -> t.plane.proposeRole(caller(a), false, a.principal(), Role.CONTROLLER));
    assertThat(refused.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(refused.getMessage()).startsWith("last-controller:");
    assertThat(t.store.roles(a.principal())).containsExactly(Role.CONTROLLER);
    assertThat(t.plane.proposals(caller(a))).isEmpty();
  }

  @Test
  void aProposalPastItsExpiryIsRecordedExpiredAndRefused() throws ControlPlaneException {
    t.plane.proposeRole(caller(a), true, b.principal(), Role.CONTROLLER);
    Proposal p = t.plane.proposePolicy(caller(a), CorePlane.policy("w"));
    t.clock.advance(Duration.ofHours(1));
    ControlPlaneException late = refusal(() -> t.plane.approve(caller(b), p.id(), p.digest()));
    assertThat(late.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(late.failedChecks()).containsExactly("proposal.expired");
    assertThat(t.plane.proposal(caller(a), p.id()).state()).isEqualTo(ProposalState.EXPIRED);
    Event last = t.store.events(t.store.eventCount() - 1, t.store.eventCount()).get(0);
    assertThat(last.action()).isEqualTo("proposal.expire");
  }

  @Test
  void anInvalidPolicyIsRefusedBeforeItIsProposed() {
    PolicySpec bad =
        new PolicySpec(
            "w",
            java.util.Set.of(TeeType.SIM),
            java.util.Map.of("M", java.util.Set.of("not hex")),
            java.util.Map.of(),
            java.util.Set.of(),
            false,
            Duration.ofMinutes(10),
            Duration.ofMinutes(1));
    assertThat(refusal(() -> t.plane.proposePolicy(caller(a), bad)).reason())
        .isEqualTo(Reason.INVALID_ARGUMENT);
  }
}

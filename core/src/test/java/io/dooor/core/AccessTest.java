package io.dooor.core;

import static io.dooor.core.CorePlane.caller;
import static io.dooor.core.CorePlane.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.ControlPlaneException.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roles and policies (DESIGN §2, §4) through the facade, on the in-memory store. */
class AccessTest {
  final CorePlane t = new CorePlane();
  final NodeKey controller = CorePlane.newKey();
  final Caller admin = caller(controller);
  final NodeKey strangerKey = CorePlane.newKey();
  final Caller stranger = caller(strangerKey);

  @BeforeEach
  void setUp() throws ControlPlaneException {
    t.initialised(controller);
  }

  @Test
  void rolesGateOperations() throws ControlPlaneException {
    assertThat(refusal(() -> t.plane.nodes(stranger)).reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(refusal(() -> t.plane.events(stranger, 0, 10)).reason()).isEqualTo(Reason.FORBIDDEN);
    t.plane.grant(admin, strangerKey.principal(), Role.AUDITOR);
    assertThat(t.plane.events(stranger, 0, 10)).isNotEmpty();
    assertThat(refusal(() -> t.plane.nodes(stranger)).reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(refusal(() -> t.plane.init(strangerKey.principal())).reason())
        .isEqualTo(Reason.CONFLICT);
  }

  @Test
  void onlyControllersGrant() throws ControlPlaneException {
    t.plane.grant(admin, strangerKey.principal(), Role.OPERATOR);
    NodeKey third = CorePlane.newKey();
    assertThat(refusal(() -> t.plane.grant(stranger, third.principal(), Role.CONTROLLER)).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(t.store.roles(third.principal())).isEmpty();
    assertThat(t.plane.nodes(stranger)).isEmpty();
  }

  @Test
  void aControllerGrantingItselfAuditorStaysController() throws ControlPlaneException {
    t.plane.grant(admin, controller.principal(), Role.AUDITOR);
    t.plane.authorize(admin, Role.CONTROLLER, "probe", "self");
    t.plane.grant(admin, strangerKey.principal(), Role.OPERATOR);
    assertThat(t.plane.events(admin, 0, 10)).isNotEmpty();
  }

  @Test
  void theLastControllerCannotBeRevokedButAnotherCan() throws ControlPlaneException {
    ControlPlaneException last =
        refusal(() -> t.plane.revoke(admin, controller.principal(), Role.CONTROLLER));
    assertThat(last.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(last.getMessage()).startsWith("last-controller: ");
    assertThat(t.store.roles(controller.principal())).containsExactly(Role.CONTROLLER);
    t.plane.grant(admin, strangerKey.principal(), Role.CONTROLLER);
    t.plane.revoke(stranger, controller.principal(), Role.CONTROLLER);
    assertThat(t.plane.principals(stranger))
        .isEqualTo(Map.of(strangerKey.principal(), Set.of(Role.CONTROLLER)));
    List<Event> tail = t.store.events(t.store.eventCount() - 2, Long.MAX_VALUE);
    assertThat(tail)
        .extracting(Event::action)
        .containsExactly("principal.grant", "principal.revoke");
  }

  @Test
  void revokingARoleNotHeldIsNotFoundAndOnlyControllersRevoke() throws ControlPlaneException {
    t.plane.grant(admin, strangerKey.principal(), Role.OPERATOR);
    assertThat(refusal(() -> t.plane.revoke(admin, strangerKey.principal(), Role.AUDITOR)).reason())
        .isEqualTo(Reason.NOT_FOUND);
    assertThat(
            refusal(() -> t.plane.revoke(stranger, strangerKey.principal(), Role.OPERATOR))
                .reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(refusal(() -> t.plane.principals(stranger)).reason()).isEqualTo(Reason.FORBIDDEN);
    t.plane.revoke(admin, strangerKey.principal(), Role.OPERATOR);
    assertThat(t.store.roles(strangerKey.principal())).isEmpty();
  }

  @Test
  void authorizeRecordsNothingAndNamesARefusalForTheEdge() throws ControlPlaneException {
    long before = t.store.eventCount();
    t.plane.authorize(admin, Role.AUDITOR, "audit.proof", "log");
    ControlPlaneException refused =
        refusal(() -> t.plane.authorize(stranger, Role.AUDITOR, "audit.proof", "log"));
    assertThat(refused.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(refused.refusal().orElseThrow().action()).isEqualTo("audit.proof");
    assertThat(refused.refusal().orElseThrow().subject()).isEqualTo("log");
    assertThat(t.store.eventCount()).as("reads and refusals change nothing here").isEqualTo(before);
  }

  @Test
  void policiesAreVersionedAndNormalised() throws ControlPlaneException {
    PolicySpec spec =
        new PolicySpec(
            "w",
            Set.of(TeeType.SIM, TeeType.TDX),
            Map.of("mrtd", Set.of("ABCD")),
            Map.of("isvsvn", 2L),
            Set.of("UpToDate"),
            false,
            Duration.ofHours(1),
            Duration.ofMinutes(5));
    Policy p = t.plane.setPolicy(admin, spec);
    assertThat(p.version()).isEqualTo(2);
    assertThat(p.referenceValues()).isEqualTo(Map.of("MRTD", Set.of("abcd")));
    assertThat(p.minimums()).isEqualTo(Map.of("ISVSVN", 2L));
    assertThat(p.updatedBy()).isEqualTo(controller.principal());
    t.plane.grant(admin, strangerKey.principal(), Role.OPERATOR);
    assertThat(t.plane.policy(stranger, "w")).isEqualTo(p);
  }

  @Test
  void badPolicyIsRefusedNamingTheValue() {
    PolicySpec bad =
        new PolicySpec(
            "w",
            Set.of(TeeType.SIM),
            Map.of("MRTD", Set.of("xyz")),
            Map.of(),
            Set.of("UpToDate"),
            false,
            Duration.ofHours(1),
            Duration.ofMinutes(5));
    ControlPlaneException e = refusal(() -> t.plane.setPolicy(admin, bad));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    assertThat(e.getMessage()).contains("MRTD").contains("xyz");
    assertThat(refusal(() -> t.plane.setPolicy(stranger, CorePlane.policy("w"))).reason())
        .isEqualTo(Reason.FORBIDDEN);
  }

  @Test
  void aWorkloadNobodyConfiguredHasNoPolicyToShow() {
    ControlPlaneException e = refusal(() -> t.plane.policy(admin, "unset"));
    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(e.getMessage())
        .isEqualTo(
            "no policy is set for workload unset (admission applies the production default)");
  }
}

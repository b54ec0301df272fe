package io.dooor.core;

import static io.dooor.core.CorePlane.caller;
import static io.dooor.core.CorePlane.evidence;
import static io.dooor.core.CorePlane.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The initial report binds the node key (DESIGN §3): its report data must be SHA-512(32 zero bytes
 * || SHA-256(node key DER)), as the agent makes it. Anything else is refused naming the check, and
 * nothing is stored.
 */
class RegistrationBindingTest {
  final CorePlane t = new CorePlane();
  final NodeKey controller = CorePlane.newKey();
  final NodeKey nodeKey = CorePlane.newKey();
  final NodeId id = NodeId.of("n1");
  final Caller node = caller(nodeKey);

  @BeforeEach
  void setUp() throws ControlPlaneException {
    t.initialised(controller);
  }

  @Test
  void theInitialBindingIsTheZeroNonceBindingOfTheKey() {
    assertThat(ReportDataBinding.initial(nodeKey.spki()))
        .isEqualTo(ReportDataBinding.expected(Bytes.of(new byte[32]), nodeKey.spki()));
  }

  @Test
  void aReportBoundToAnotherKeyIsRefusedAndNothingIsStored() {
    Bytes someoneElses = evidence(CorePlane.newKey(), Bytes.of(new byte[32]));
    assertRefusedUnbound(someoneElses);
  }

  @Test
  void aReportBoundToAnotherNonceIsRefused() {
    Bytes other = evidence(nodeKey, Bytes.fromHex("01" + "00".repeat(31)));
    assertRefusedUnbound(other);
  }

  @Test
  void aReportBindingNothingIsRefused() {
    assertRefusedUnbound(FakeTee.evidence(Bytes.of(new byte[64]), CorePlane.MEASUREMENT, false));
  }

  @Test
  void anOperatorRegisteringForTheNodeNeedsTheNodesBindingToo() throws ControlPlaneException {
    NodeKey operator = CorePlane.newKey();
    t.plane.grant(caller(controller), operator.principal(), Role.OPERATOR);
    Bytes boundToOperator = evidence(operator, Bytes.of(new byte[32]));
    ControlPlaneException e =
        refusal(
            () ->
                t.plane.registerTeeNode(
                    caller(operator), id, "w", TeeType.SIM, nodeKey, boundToOperator));
    assertThat(e.failedChecks()).containsExactly("initial_report_binding");
    Bytes bound = evidence(nodeKey, Bytes.of(new byte[32]));
    assertThat(
            t.plane
                .registerTeeNode(caller(operator), id, "w", TeeType.SIM, nodeKey, bound)
                .node()
                .state())
        .isEqualTo(NodeState.PENDING);
  }

  @Test
  void policyFailuresOfTheFirstReportAreNamedWithTheBinding() {
    Bytes wrong = FakeTee.evidence(Bytes.of(new byte[64]), Bytes.fromHex("ee".repeat(48)), true);
    ControlPlaneException e = registration(wrong);
    assertThat(e.reason()).isEqualTo(Reason.BINDING_MISMATCH);
    assertThat(e.failedChecks())
        .hasSize(3)
        .contains("initial_report_binding")
        .anyMatch(c -> c.startsWith("debug"))
        .anyMatch(c -> c.startsWith("measurement MEASUREMENT"));
  }

  @Test
  void aBoundFirstReportThatThePolicyRefusesIsRefusedAtRegistration() {
    Bytes debug =
        FakeTee.evidence(Bytes.of(new byte[32]), nodeKey, Bytes.fromHex("ee".repeat(48)), true);
    ControlPlaneException e = registration(debug);
    assertThat(e.reason()).isEqualTo(Reason.POLICY_REFUSED);
    assertThat(e.failedChecks()).hasSize(2).noneMatch(c -> c.contains("binding"));
    assertThat(t.store.node(id)).isEmpty();
  }

  private void assertRefusedUnbound(Bytes report) {
    long before = t.store.eventCount();
    ControlPlaneException e = registration(report);
    assertThat(e.reason()).isEqualTo(Reason.BINDING_MISMATCH);
    assertThat(e.failedChecks()).containsExactly("initial_report_binding");
    assertThat(e.getMessage()).contains("initial report");
    assertThat(e.refusal().orElseThrow().action()).isEqualTo("node.register");
    assertThat(t.store.node(id)).isEmpty();
    assertThat(t.store.eventCount()).as("the edge records the refusal").isEqualTo(before);
  }

  private ControlPlaneException registration(Bytes report) {
    return refusal(() -> t.plane.registerTeeNode(node, id, "w", TeeType.SIM, nodeKey, report));
  }
}

package io.dooor.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.core.ControlPlaneException;
import io.dooor.core.Event;
import io.dooor.core.NodeId;
import io.dooor.core.NodeState;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.MachineState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reconciler on the in-memory store with a simulated provider: creation, idempotence, scale
 * down through drain and deactivation, replacement, crash resumption without duplicates, the lease.
 */
class ReconcilerTest {
  private final Fleet fleet = new Fleet();
  private final Reconciler reconciler = fleet.reconciler("replica-1");

  ReconcilerTest() throws Exception {}

  private List<Machine> machines(MachineState state) {
    return fleet.machines("demo", state);
  }

  private List<Event> events(String action) {
    return fleet.events(action);
  }

  private void apply(int count) throws Exception {
    fleet.workloads.apply(fleet.controller, Specs.bytes(Specs.json("demo", count)));
  }

  private void admitAll() throws Exception {
    for (MachineRequest r : fleet.local.requests()) {
      if (fleet.store.node(NodeId.of(r.machineId())).isEmpty()) {
        fleet.admit(r);
      }
    }
  }

  @Test
  void createsTheCountOnceAndRecordsEveryCallWithItsRequestId() throws Exception {
    apply(3);
    assertThat(reconciler.reconcile("demo")).isTrue();
    assertThat(fleet.local.running()).hasSize(3);
    assertThat(machines(MachineState.RUNNING)).hasSize(3);
    assertThat(events("provider.create"))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.details().get("request_id")).startsWith("req-"));
    reconciler.reconcile("demo");
    admitAll();
    reconciler.reconcile("demo");
    assertThat(fleet.local.calls()).hasSize(3);
  }

  @Test
  void scaleDownDrainsThenDeactivatesThenTerminates() throws Exception {
    apply(3);
    reconciler.reconcile("demo");
    admitAll();
    fleet.workloads.scale(fleet.controller, "demo", 1);
    reconciler.reconcile("demo");
    List<Machine> draining = machines(MachineState.DRAINING);
    assertThat(draining).hasSize(2);
    draining.forEach(
        m ->
            assertThat(fleet.store.node(NodeId.of(m.id())).orElseThrow().state())
                .isIn(NodeState.DRAINING, NodeState.DEACTIVATED));
    reconciler.reconcile("demo");
    assertThat(machines(MachineState.TERMINATED)).hasSize(2);
    assertThat(fleet.local.running()).hasSize(1);
    for (Machine m : machines(MachineState.TERMINATED)) {
      assertThat(fleet.store.node(NodeId.of(m.id())).orElseThrow().state())
          .isEqualTo(NodeState.DEACTIVATED);
    }
  }

  @Test
  void aDeactivatedNodeIsReplaced() throws Exception {
    apply(2);
    reconciler.reconcile("demo");
    admitAll();
    Machine victim = machines(MachineState.RUNNING).get(0);
    fleet.plane.deactivateNode(fleet.controller, NodeId.of(victim.id()), "policy: TCB revoked");
    reconciler.reconcile("demo");
    assertThat(machines(MachineState.TERMINATED))
        .extracting(Machine::id)
        .containsExactly(victim.id());
    assertThat(machines(MachineState.RUNNING))
        .hasSize(2)
        .noneMatch(m -> m.id().equals(victim.id()));
    assertThat(fleet.local.running()).hasSize(2);
  }

  @Test
  void aCrashAfterTheCreateCallIsResumedWithTheSameClientTokenAndNoDuplicate() throws Exception {
    apply(1);
    SimulatedProvider dying = fleet.local;
    Provider crashing =
        new Provider() {
          @Override
          public String name() {
            return "local";
          }

          @Override
          public java.util.Set<String> regions() {
            return dying.regions();
          }

          @Override
          public java.util.Set<io.dooor.core.TeeType> teeTypes() {
            return dying.teeTypes();
          }

          @Override
          public Answer create(MachineRequest request) {
            dying.create(request);
            throw new IllegalStateException("killed after the provider acted");
          }

          @Override
          public Answer terminate(String region, String ref) {
            return dying.terminate(region, ref);
          }
        };
    Reconciler doomed =
        new Reconciler(
            fleet.store,
            fleet.plane,
            fleet.workloads,
            ProviderCatalog.of(crashing),
            fleet.tokens,
            "replica-old",
            "http://127.0.0.1:1",
            fleet.clock);
    assertThatThrownBy(() -> doomed.reconcile("demo")).isInstanceOf(IllegalStateException.class);
    assertThat(machines(MachineState.REQUESTED)).hasSize(1);
    // Another replica waits for the dead one's lease, then resumes the recorded machine.
    Reconciler next = fleet.reconciler("replica-new");
    assertThat(next.reconcile("demo")).isFalse();
    fleet.clock.advance(Reconciler.LEASE_TTL.plusSeconds(1));
    assertThat(next.reconcile("demo")).isTrue();
    assertThat(fleet.local.running()).hasSize(1);
    assertThat(machines(MachineState.RUNNING)).hasSize(1);
    List<String> tokens =
        fleet.local.requests().stream().map(MachineRequest::clientToken).distinct().toList();
    assertThat(tokens).hasSize(1);
  }

  @Test
  void aLeaseHolderThatWasTakenOverWritesNothing() throws Exception {
    apply(1);
    Reconciler other = fleet.reconciler("replica-2");
    assertThat(reconciler.reconcile("demo")).isTrue();
    assertThat(other.reconcile("demo")).isFalse();
    fleet.clock.advance(Reconciler.LEASE_TTL.plusSeconds(1));
    assertThat(other.reconcile("demo")).isTrue();
    assertThat(reconciler.reconcile("demo")).isFalse();
    assertThat(fleet.local.running()).hasSize(1);
  }

  @Test
  void joinTokenIsRefusedAfterFirstUseAndAfterExpiry() throws Exception {
    apply(2);
    reconciler.reconcile("demo");
    MachineRequest first = fleet.local.requests().get(0);
    String token = new String(first.joinToken().toArray(), java.nio.charset.StandardCharsets.UTF_8);
    fleet.tokens.redeem(Fleet.caller(Fleet.newKey()), token);
    assertThatThrownBy(() -> fleet.tokens.redeem(Fleet.caller(Fleet.newKey()), token))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> assertThat(e.reason()).isEqualTo(ControlPlaneException.Reason.CONFLICT));
    MachineRequest second = fleet.local.requests().get(1);
    fleet.clock.advance(java.time.Duration.ofMinutes(31));
    String late = new String(second.joinToken().toArray(), java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(() -> fleet.tokens.redeem(Fleet.caller(Fleet.newKey()), late))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> assertThat(e.reason()).isEqualTo(ControlPlaneException.Reason.FORBIDDEN));
    assertThatThrownBy(
            () ->
                fleet.tokens.redeem(
                    Fleet.caller(Fleet.newKey()), "dooor-join-v1." + "A".repeat(43)))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> assertThat(e.getMessage()).isEqualTo("join token unknown"));
    assertThat(events(JoinTokens.ACTION)).hasSize(1);
    assertThat(events(JoinTokens.ACTION).get(0).details()).doesNotContainValue(token);
  }

  @Test
  void noEventOrViewCarriesAJoinToken() throws Exception {
    apply(2);
    reconciler.reconcile("demo");
    String all =
        fleet.store.events(0, Long.MAX_VALUE).toString()
            + fleet.workloads.show(fleet.controller, "demo");
    for (MachineRequest r : fleet.local.requests()) {
      String t = new String(r.joinToken().toArray(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(all).doesNotContain(t).doesNotContain(t.substring(14));
      assertThat(r.toString()).doesNotContain(t);
    }
  }
}

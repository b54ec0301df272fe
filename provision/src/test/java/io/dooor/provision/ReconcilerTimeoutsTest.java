package io.dooor.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.Event;
import io.dooor.core.Lease;
import io.dooor.core.NodeId;
import io.dooor.core.NodeKey;
import io.dooor.core.NodeState;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.MachineState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's timeouts and checks: a machine never ACTIVE within the spec's time is terminated
 * and replaced; a node registered under another key than the one that joined is not counted and is
 * reported; a deleted workload's lease is not renewed once its machines are gone; a steady pass
 * writes nothing until its lease is half gone.
 */
class ReconcilerTimeoutsTest {
  private final Fleet fleet = new Fleet();
  private final Reconciler reconciler = fleet.reconciler("replica-1");

  ReconcilerTimeoutsTest() throws Exception {}

  private List<Machine> machines(MachineState state) {
    return fleet.machines("demo", state);
  }

  private List<Event> events(String action) {
    return fleet.events(action);
  }

  private void apply(String json) throws Exception {
    fleet.workloads.apply(fleet.controller, Specs.bytes(json));
  }

  private static String withActivateWithin(int count, int seconds) {
    String json = Specs.json("demo", count);
    return json.substring(0, json.length() - 1) + ",\"activate_within_seconds\":" + seconds + "}";
  }

  @Test
  void aMachineNeverActiveInTimeIsTerminatedAndReplacedWithItsPendingNodeDeactivated()
      throws Exception {
    apply(withActivateWithin(3, 60));
    reconciler.reconcile("demo");
    List<MachineRequest> asked = fleet.local.requests();
    fleet.admit(asked.get(0));
    NodeKey late = Fleet.newKey();
    fleet.tokens.redeem(Fleet.caller(late), Fleet.joinToken(asked.get(1)));
    fleet.store(asked.get(1), late, NodeState.PENDING);
    // the third machine's agent never comes up at all
    fleet.clock.advance(Duration.ofSeconds(59));
    reconciler.reconcile("demo");
    assertThat(machines(MachineState.TERMINATED)).isEmpty();

    fleet.clock.advance(Duration.ofSeconds(1));
    reconciler.reconcile("demo");
    assertThat(machines(MachineState.TERMINATED))
        .extracting(Machine::id)
        .containsExactlyInAnyOrder(asked.get(1).machineId(), asked.get(2).machineId());
    assertThat(fleet.store.node(NodeId.of(asked.get(1).machineId())).orElseThrow().state())
        .isEqualTo(NodeState.DEACTIVATED);
    assertThat(events("provider.terminate"))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.details()).containsEntry("why", "not ACTIVE within 60s"));
    assertThat(machines(MachineState.RUNNING)).hasSize(3);
    assertThat(fleet.local.running()).hasSize(3);
    assertThat(fleet.store.node(NodeId.of(asked.get(0).machineId())).orElseThrow().state())
        .isEqualTo(NodeState.ACTIVE);
  }

  @Test
  void theDefaultTimeIsFifteenMinutes() throws Exception {
    apply(Specs.json("demo", 1));
    reconciler.reconcile("demo");
    fleet.clock.advance(Duration.ofSeconds(899));
    reconciler.reconcile("demo");
    assertThat(machines(MachineState.TERMINATED)).isEmpty();
    fleet.clock.advance(Duration.ofSeconds(1));
    reconciler.reconcile("demo");
    assertThat(machines(MachineState.TERMINATED)).hasSize(1);
    assertThat(machines(MachineState.RUNNING)).hasSize(1);
  }

  @Test
  void aNodeRegisteredUnderAnotherKeyIsNotCountedAndIsReported() throws Exception {
    apply(Specs.json("demo", 2));
    reconciler.reconcile("demo");
    List<MachineRequest> asked = fleet.local.requests();
    NodeKey joined = Fleet.newKey();
    NodeKey impostor = Fleet.newKey();
    fleet.tokens.redeem(Fleet.caller(joined), Fleet.joinToken(asked.get(0)));
    fleet.store(asked.get(0), impostor, NodeState.ACTIVE);
    fleet.store(asked.get(1), Fleet.newKey(), NodeState.ACTIVE); // registered without any join

    reconciler.reconcile("demo");
    assertThat(machines(MachineState.TERMINATED))
        .extracting(Machine::id)
        .containsExactlyInAnyOrder(asked.get(0).machineId(), asked.get(1).machineId());
    List<Event> reports = events(Reconciler.FOREIGN_NODE);
    assertThat(reports).hasSize(2);
    assertThat(report(reports, asked.get(0)).details())
        .containsEntry("node_principal", impostor.principal().toString())
        .containsEntry("joined_by", joined.principal().toString());
    assertThat(report(reports, asked.get(1)).details()).containsEntry("joined_by", "");
    assertThat(machines(MachineState.RUNNING))
        .hasSize(2)
        .noneMatch(m -> m.id().equals(asked.get(0).machineId()));
    reconciler.reconcile("demo");
    assertThat(events(Reconciler.FOREIGN_NODE)).as("reported once").hasSize(2);
  }

  @Test
  void aDeletedWorkloadsLeaseIsNotRenewedOnceItsMachinesAreGone() throws Exception {
    apply(Specs.json("demo", 2));
    reconciler.reconcile("demo");
    for (MachineRequest r : fleet.local.requests()) {
      fleet.admit(r);
    }
    fleet.workloads.delete(fleet.controller, "demo");
    reconciler.reconcile("demo"); // drains both
    fleet.clock.advance(Duration.ofSeconds(1));
    assertThat(reconciler.reconcile("demo")).isTrue(); // deactivates and terminates both
    assertThat(machines(MachineState.TERMINATED)).hasSize(2);
    Lease last = lease();
    long events = fleet.store.eventCount();

    fleet.clock.advance(Duration.ofSeconds(5));
    assertThat(reconciler.reconcile("demo")).isFalse();
    assertThat(reconciler.reconcileAll()).isZero();
    assertThat(lease()).isEqualTo(last);
    assertThat(fleet.store.eventCount()).isEqualTo(events);
    fleet.clock.advance(Reconciler.LEASE_TTL);
    assertThat(lease().heldAt(fleet.clock.instant())).isFalse();
  }

  @Test
  void aSteadyPassWritesNothingAndTheLeaseIsRenewedOnceHalfItsTimeIsGone() throws Exception {
    apply(Specs.json("demo", 2));
    reconciler.reconcile("demo");
    for (MachineRequest r : fleet.local.requests()) {
      fleet.admit(r);
    }
    reconciler.reconcile("demo");
    Lease first = lease();
    long events = fleet.store.eventCount();
    fleet.clock.advance(Duration.ofSeconds(4));
    assertThat(reconciler.reconcile("demo")).isTrue();
    assertThat(lease()).isEqualTo(first);
    assertThat(fleet.store.eventCount()).isEqualTo(events);
    fleet.clock.advance(Duration.ofSeconds(2));
    assertThat(reconciler.reconcile("demo")).isTrue();
    assertThat(lease().expiresAt()).isEqualTo(fleet.clock.instant().plus(Reconciler.LEASE_TTL));
    assertThat(lease().token()).isEqualTo(first.token());
    assertThat(fleet.local.calls()).hasSize(2);
  }

  private static Event report(List<Event> reports, MachineRequest r) {
    return reports.stream()
        .filter(e -> e.subject().equals("machine:" + r.machineId()))
        .findFirst()
        .orElseThrow();
  }

  private Lease lease() {
    return fleet.store.leases().stream()
        .filter(l -> l.duty().equals(Reconciler.duty("demo")))
        .findFirst()
        .orElseThrow();
  }
}

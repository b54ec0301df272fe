package io.dooor.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.core.Event;
import io.dooor.core.Lease;
import io.dooor.core.NodeId;
import io.dooor.core.PolicySpec;
import io.dooor.core.TeeType;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.MachineState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A pass over every workload ({@link Reconciler#reconcileAll}): a steady pass writes nothing until
 * the leases come due, then renews them all in one transaction; workloads are reconciled in
 * parallel, each once; a failing workload does not stop the others; a replica that lost a lease
 * meanwhile reads the workload again under its new one.
 */
class ReconcilerPassTest {
  private static final List<String> NAMES = List.of("demo", "w1", "w2", "w3", "w4");

  private final Fleet fleet = new Fleet();
  private final Reconciler reconciler = fleet.reconciler("replica-1");

  ReconcilerPassTest() throws Exception {
    for (String name : NAMES.subList(1, NAMES.size())) {
      fleet.plane.setPolicy(
          fleet.controller,
          new PolicySpec(
              name,
              Set.of(TeeType.SIM),
              Map.of("MEASUREMENT", Set.of(Specs.MEASUREMENT)),
              Map.of(),
              Set.of("NotApplicable"),
              false,
              Duration.ofMinutes(10),
              Duration.ofMinutes(1)));
    }
  }

  private void applyAll(int count) throws Exception {
    for (String name : NAMES) {
      fleet.workloads.apply(fleet.controller, Specs.bytes(Specs.json(name, count)));
    }
  }

  private void admitAll() throws Exception {
    for (MachineRequest r : fleet.local.requests()) {
      if (fleet.store.node(NodeId.of(r.machineId())).isEmpty()) {
        fleet.admit(r);
      }
    }
  }

  private Map<String, Lease> leases() {
    Map<String, Lease> out = new java.util.HashMap<>();
    fleet.store.leases().forEach(l -> out.put(l.duty(), l));
    return out;
  }

  @Test
  void aSteadyPassWritesNothingUntilTheLeasesComeDueThenRenewsThemWithoutATake() throws Exception {
    applyAll(3);
    assertThat(reconciler.reconcileAll()).isEqualTo(NAMES.size());
    admitAll();
    assertThat(fleet.local.requests()).hasSize(3 * NAMES.size());
    assertThat(fleet.events("lease.take")).hasSize(NAMES.size());
    long events = fleet.store.eventCount();
    Map<String, Lease> before = leases();

    fleet.clock.advance(Duration.ofSeconds(1));
    assertThat(reconciler.reconcileAll()).isEqualTo(NAMES.size());
    assertThat(fleet.store.eventCount()).isEqualTo(events);
    assertThat(leases()).isEqualTo(before);

    fleet.clock.advance(Reconciler.LEASE_TTL.dividedBy(2));
    assertThat(reconciler.reconcileAll()).isEqualTo(NAMES.size());
    assertThat(fleet.store.eventCount()).isEqualTo(events);
    Map<String, Lease> renewed = leases();
    for (String name : NAMES) {
      Lease was = before.get(Reconciler.duty(name));
      Lease now = renewed.get(Reconciler.duty(name));
      assertThat(now.sameHolding(was)).isTrue();
      assertThat(now.expiresAt()).isEqualTo(fleet.clock.instant().plus(Reconciler.LEASE_TTL));
    }
    assertThat(fleet.local.calls()).hasSize(3 * NAMES.size());
    for (String name : NAMES) {
      assertThat(fleet.machines(name, MachineState.RUNNING)).hasSize(3);
    }
  }

  @Test
  void aLeaseTakenOverIsSkippedAndReadAgainWhenRetaken() throws Exception {
    applyAll(2);
    reconciler.reconcileAll();
    admitAll();
    Reconciler other = fleet.reconciler("replica-2");
    assertThat(other.reconcileAll()).isZero();
    fleet.clock.advance(Reconciler.LEASE_TTL.plusSeconds(1));
    assertThat(other.reconcileAll()).isEqualTo(NAMES.size());
    fleet.workloads.scale(fleet.controller, "w1", 3);
    assertThat(reconciler.reconcileAll()).isZero();
    assertThat(other.reconcileAll()).isEqualTo(NAMES.size());
    assertThat(fleet.machines("w1", MachineState.RUNNING)).hasSize(3);
    admitAll();
    fleet.clock.advance(Reconciler.LEASE_TTL.plusSeconds(1));
    assertThat(reconciler.reconcileAll()).isEqualTo(NAMES.size());
    assertThat(fleet.machines("w1", MachineState.RUNNING)).hasSize(3);
    assertThat(fleet.local.running()).hasSize(2 * NAMES.size() + 1);
    List<Event> takes = fleet.events("lease.take");
    assertThat(takes).hasSize(3 * NAMES.size());
    assertThat(takes)
        .extracting(Event::subject)
        .containsOnly(NAMES.stream().map(n -> "duty:" + Reconciler.duty(n)).toArray(String[]::new));
  }

  @Test
  void oneWorkloadsFailureDoesNotStopTheOthersAndIsThrown() throws Exception {
    applyAll(2);
    Provider failing =
        new Provider() {
          @Override
          public String name() {
            return "local";
          }

          @Override
          public Set<String> regions() {
            return fleet.local.regions();
          }

          @Override
          public Set<TeeType> teeTypes() {
            return fleet.local.teeTypes();
          }

          @Override
          public Answer create(MachineRequest request) {
            if (request.spec().name().equals("w2")) {
              throw new IllegalStateException("adapter bug");
            }
            return fleet.local.create(request);
          }

          @Override
          public Answer terminate(String region, String ref) {
            return fleet.local.terminate(region, ref);
          }
        };
    Reconciler r =
        new Reconciler(
            fleet.store,
            fleet.plane,
            fleet.workloads,
            ProviderCatalog.of(failing),
            fleet.tokens,
            "replica-1",
            "http://127.0.0.1:1",
            fleet.clock,
            3);
    assertThatThrownBy(r::reconcileAll).hasMessage("adapter bug");
    for (String name : NAMES) {
      List<Machine> running = fleet.machines(name, MachineState.RUNNING);
      assertThat(running).hasSize(name.equals("w2") ? 0 : 2);
    }
    assertThat(fleet.machines("w2", MachineState.REQUESTED)).hasSize(1);
    // The next pass (same replica, same leases) resumes w2's recorded machine, no duplicate.
    assertThat(reconciler.reconcileAll()).isEqualTo(NAMES.size());
    assertThat(fleet.machines("w2", MachineState.RUNNING)).hasSize(2);
    assertThat(fleet.local.running()).hasSize(2 * NAMES.size());
    assertThat(fleet.local.requests().stream().map(MachineRequest::clientToken).distinct())
        .hasSize(2 * NAMES.size());
  }

  @Test
  void aWorkloadReachedLateInALongPassRenewsItsLeaseFirst() throws Exception {
    applyAll(1);
    Provider slow =
        new Provider() {
          @Override
          public String name() {
            return "local";
          }

          @Override
          public Set<String> regions() {
            return fleet.local.regions();
          }

          @Override
          public Set<TeeType> teeTypes() {
            return fleet.local.teeTypes();
          }

          @Override
          public Answer create(MachineRequest request) {
            fleet.clock.advance(Reconciler.LEASE_TTL.dividedBy(2).plusSeconds(1));
            return fleet.local.create(request);
          }

          @Override
          public Answer terminate(String region, String ref) {
            return fleet.local.terminate(region, ref);
          }
        };
    Reconciler r =
        new Reconciler(
            fleet.store,
            fleet.plane,
            fleet.workloads,
            ProviderCatalog.of(slow),
            fleet.tokens,
            "replica-1",
            "http://127.0.0.1:1",
            fleet.clock,
            1);
    assertThat(r.reconcileAll()).isEqualTo(NAMES.size());
    for (String name : NAMES) {
      assertThat(fleet.machines(name, MachineState.RUNNING)).hasSize(1);
    }
  }

  @Test
  void parallelAndSequentialPassesReachTheSameFleet() throws Exception {
    applyAll(4);
    Reconciler one =
        new Reconciler(
            fleet.store,
            fleet.plane,
            fleet.workloads,
            fleet.catalog,
            fleet.tokens,
            "replica-1",
            "http://127.0.0.1:1",
            fleet.clock,
            1);
    fleet.workloads.scale(fleet.controller, "demo", 2);
    assertThat(reconciler.reconcileAll()).isEqualTo(NAMES.size());
    admitAll();
    assertThat(one.reconcileAll()).isEqualTo(NAMES.size());
    assertThat(fleet.local.running()).hasSize(4 * (NAMES.size() - 1) + 2);
    assertThat(fleet.local.calls()).hasSize(4 * (NAMES.size() - 1) + 2);
    assertThatThrownBy(
            () ->
                new Reconciler(
                    fleet.store,
                    fleet.plane,
                    fleet.workloads,
                    fleet.catalog,
                    fleet.tokens,
                    "r",
                    "http://127.0.0.1:1",
                    fleet.clock,
                    0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

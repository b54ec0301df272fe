package io.dooor.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.ApiProblem;
import io.dooor.client.Json;
import io.dooor.common.Digests;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.NodeState;
import io.dooor.core.Policy;
import io.dooor.core.Role;
import io.dooor.core.RoleCheck;
import io.dooor.core.port.Store;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.WorkloadRow;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Workload specs (issue 14): apply, show, list, scale and delete. Controllers change specs,
 * operators and auditors read them. A spec is tied to the workload's admission policy: the policy
 * must be set, allow the spec's TEE type, and accept each expected measurement among its reference
 * values, so the reconciler never provisions machines the control plane would refuse to admit.
 * Every change is a new spec version and an audit event in the same transaction.
 */
public final class Workloads {
  private final Store store;
  private final WorkloadSpecParser parser;
  private final Clock clock;

  public Workloads(Store store, WorkloadSpecParser parser, Clock clock) {
    this.store = store;
    this.parser = parser;
    this.clock = clock;
  }

  /** Applies the spec in {@code json} as the next version of its workload. */
  public WorkloadView apply(Caller caller, byte[] json) throws ApiProblem, ControlPlaneException {
    return apply(caller, json, null);
  }

  /** As {@link #apply(Caller, byte[])}, refusing a spec not named {@code expectedName}. */
  public WorkloadView apply(Caller caller, byte[] json, String expectedName)
      throws ApiProblem, ControlPlaneException {
    WorkloadSpec spec = parser.parse(json);
    if (expectedName != null && !expectedName.equals(spec.name())) {
      throw ApiProblem.badField(
          "name", "the spec names workload " + spec.name() + ", the path " + expectedName);
    }
    Applied applied =
        store.inTransaction(
            tx -> {
              require(tx, caller, Role.CONTROLLER);
              Optional<ApiProblem> refused = admissibility(tx.policy(spec.name()), spec);
              if (refused.isPresent()) {
                return new Applied(null, refused.get());
              }
              return new Applied(write(tx, caller, "workload.apply", spec, false), null);
            });
    if (applied.problem() != null) {
      throw applied.problem();
    }
    return applied.view();
  }

  /** A transaction's answer: the view, or the problem that refused it (nothing written). */
  private record Applied(WorkloadView view, ApiProblem problem) {}

  /** Sets the count of a workload in force (its other fields unchanged). */
  public WorkloadView scale(Caller caller, String name, int count)
      throws ApiProblem, ControlPlaneException {
    if (count < 0 || count > WorkloadSpec.MAX_COUNT) {
      throw ApiProblem.badField(
          "count", "count must be from 0 to " + WorkloadSpec.MAX_COUNT + ", got " + count);
    }
    return store.inTransaction(
        tx -> {
          require(tx, caller, Role.CONTROLLER);
          WorkloadSpec now = live(tx, name);
          return write(tx, caller, "workload.scale", now.withCount(count), false);
        });
  }

  /** Deletes the workload: its machines are drained and terminated by the reconciler. */
  public WorkloadView delete(Caller caller, String name) throws ApiProblem, ControlPlaneException {
    return store.inTransaction(
        tx -> {
          require(tx, caller, Role.CONTROLLER);
          WorkloadSpec now = live(tx, name);
          return write(tx, caller, "workload.delete", now.withCount(0), true);
        });
  }

  public WorkloadView show(Caller caller, String name) throws ApiProblem, ControlPlaneException {
    return store.inTransaction(
        tx -> {
          require(tx, caller, Role.OPERATOR, Role.AUDITOR);
          WorkloadRow row =
              tx.workload(name)
                  .orElseThrow(
                      () ->
                          new ControlPlaneException(
                              Reason.NOT_FOUND, "no workload " + name + " was applied"));
          return view(tx, row);
        });
  }

  public List<WorkloadView> list(Caller caller) throws ControlPlaneException {
    return store.inTransaction(
        tx -> {
          require(tx, caller, Role.OPERATOR, Role.AUDITOR);
          List<WorkloadView> out = new ArrayList<>();
          for (WorkloadRow row : tx.workloads()) {
            out.add(view(tx, row));
          }
          return out;
        });
  }

  /** The spec of a workload row (written by this module, so it parses). */
  WorkloadSpec spec(WorkloadRow row) {
    try {
      return parser.parse(row.spec().getBytes(StandardCharsets.UTF_8));
    } catch (ApiProblem e) {
      throw new IllegalStateException("stored spec of " + row.name() + " no longer parses", e);
    }
  }

  private WorkloadSpec live(Store.Tx tx, String name) throws ControlPlaneException {
    Optional<WorkloadRow> row = tx.workload(name);
    if (row.isEmpty() || row.get().deleted()) {
      throw new ControlPlaneException(Reason.NOT_FOUND, "no workload " + name + " is applied");
    }
    return spec(row.get());
  }

  private WorkloadView write(
      Store.Tx tx, Caller caller, String action, WorkloadSpec spec, boolean deleted) {
    long version = tx.workload(spec.name()).map(WorkloadRow::version).orElse(0L) + 1;
    String json = WorkloadSpecParser.canonical(spec);
    WorkloadRow row =
        new WorkloadRow(spec.name(), version, json, deleted, caller.principal(), clock.instant());
    tx.putWorkload(row);
    tx.append(
        new Event(
            -1,
            clock.instant(),
            caller.principal(),
            action,
            "workload:" + spec.name(),
            caller.requestDigest(),
            Event.Outcome.OK,
            "",
            Map.of(
                "version", Long.toString(version),
                "count", Integer.toString(spec.count()),
                "tee", spec.teeType().wireName(),
                "placement", placements(spec),
                "spec_sha256",
                    Digests.sha256Hex(
                        io.dooor.common.Bytes.of(json.getBytes(StandardCharsets.UTF_8))))));
    return view(tx, row);
  }

  private static String placements(WorkloadSpec spec) {
    List<String> out = new ArrayList<>();
    spec.placement().forEach(p -> out.add(p.provider() + "/" + p.region()));
    return String.join(",", out);
  }

  /**
   * The policy must be set, allow the type, and list each expected measurement among its reference
   * values: else the machines could never become ACTIVE (or would be admitted unchecked).
   */
  static Optional<ApiProblem> admissibility(Optional<Policy> policy, WorkloadSpec spec) {
    if (policy.isEmpty()) {
      return Optional.of(
          ApiProblem.badField(
              "name",
              "workload "
                  + spec.name()
                  + " has no admission policy: set one (policy set) before applying its spec"));
    }
    Policy p = policy.get();
    if (!p.allowedTypes().contains(spec.teeType())) {
      return Optional.of(
          ApiProblem.badField(
              "tee_type",
              "the policy of "
                  + spec.name()
                  + " (version "
                  + p.version()
                  + ") does not admit "
                  + spec.teeType().wireName()));
    }
    for (Map.Entry<String, String> m : spec.measurements().entrySet()) {
      Set<String> accepted = p.referenceValues().getOrDefault(m.getKey(), Set.of());
      if (!accepted.contains(m.getValue())) {
        return Optional.of(
            ApiProblem.badField(
                "measurements." + m.getKey(),
                "measurements."
                    + m.getKey()
                    + " is not among the reference values of the policy of "
                    + spec.name()
                    + " (version "
                    + p.version()
                    + ")"));
      }
    }
    return Optional.empty();
  }

  private static void require(Store.Tx tx, Caller caller, Role... anyOf)
      throws ControlPlaneException {
    RoleCheck.requireAny(tx, caller, anyOf);
  }

  private WorkloadView view(Store.Tx tx, WorkloadRow row) {
    List<WorkloadView.MachineView> machines = new ArrayList<>();
    int active = 0;
    for (Machine m : tx.machines(row.name())) {
      Optional<Node> node = tx.node(NodeId.of(m.id()));
      String nodeState = node.map(n -> n.state().name()).orElse("");
      if (node.isPresent() && node.get().state() == NodeState.ACTIVE) {
        active++;
      }
      machines.add(
          new WorkloadView.MachineView(
              m.id(), m.provider(), m.region(), m.providerRef(), m.state().name(), nodeState));
    }
    JsonNode spec;
    try {
      spec = Json.MAPPER.readTree(row.spec());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored spec of " + row.name() + " is not JSON", e);
    }
    return new WorkloadView(row.name(), row.version(), row.deleted(), spec, machines, active);
  }
}

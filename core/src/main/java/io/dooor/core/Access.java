package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.Store;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what (DESIGN §2): the first controller, role grants, workload policies and the reads
 * that operators, auditors and nodes are allowed.
 */
final class Access {
  private final Store store;
  private final Recorder recorder;
  private final Clock clock;

  Access(Store store, Recorder recorder, Clock clock) {
    this.store = store;
    this.recorder = recorder;
    this.clock = clock;
  }

  void authorize(Caller caller, Role role, String action, String subject)
      throws ControlPlaneException {
    recorder.read(
        caller,
        action,
        subject,
        view -> {
          view.require(caller, role);
          return null;
        });
  }

  void init(Principal controller) throws ControlPlaneException {
    Caller self = new Caller(controller, Bytes.empty(), Bytes.empty());
    recorder.run(
        self,
        "init",
        "principal:" + controller,
        tx -> {
          if (tx.hasController()) {
            throw new ControlPlaneException(Reason.CONFLICT, "already initialised");
          }
          tx.addRole(controller, Role.CONTROLLER);
          return tx.ok(Map.of("role", "controller"));
        });
  }

  void grant(Caller caller, Principal who, Role role) throws ControlPlaneException {
    recorder.run(
        caller,
        "principal.grant",
        "principal:" + who,
        tx -> {
          tx.require(caller, Role.CONTROLLER);
          tx.addRole(who, role);
          return tx.ok(Map.of("role", role.name()));
        });
  }

  /**
   * Removes one role. The rule "at least one controller" is checked in the same transaction as the
   * removal, so concurrent revokes cannot together remove the last controller.
   */
  void revoke(Caller caller, Principal who, Role role) throws ControlPlaneException {
    recorder.run(
        caller,
        "principal.revoke",
        "principal:" + who,
        tx -> {
          tx.require(caller, Role.CONTROLLER);
          requireRevocable(tx.store(), who, role);
          tx.removeRole(who, role);
          return tx.ok(Map.of("role", role.name()));
        });
  }

  /**
   * NOT_FOUND unless {@code who} holds {@code role}; CONFLICT ({@code last-controller}) if it is
   * the last controller's controller role. Checked in the transaction that removes it.
   */
  static void requireRevocable(io.dooor.core.port.StoreReads tx, Principal who, Role role)
      throws ControlPlaneException {
    if (!tx.roles(who).contains(role)) {
      throw new ControlPlaneException(
          Reason.NOT_FOUND, "principal " + who + " does not hold the " + name(role) + " role");
    }
    long controllers =
        tx.principals().values().stream().filter(r -> r.contains(Role.CONTROLLER)).count();
    if (role == Role.CONTROLLER && controllers == 1) {
      throw new ControlPlaneException(
          Reason.CONFLICT,
          "last-controller: principal "
              + who
              + " is the last controller and cannot be removed; grant another first");
    }
  }

  /** Every principal holding a role, with its roles; for auditors (and controllers). */
  Map<Principal, Set<Role>> principals(Caller caller) throws ControlPlaneException {
    return recorder.read(
        caller,
        "principal.list",
        "principals",
        view -> {
          view.require(caller, Role.AUDITOR);
          return store.principals();
        });
  }

  private static String name(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  Policy setPolicy(Caller caller, PolicySpec spec) throws ControlPlaneException {
    return recorder.run(
        caller,
        "policy.set",
        "policy:" + spec.workload(),
        tx -> {
          tx.require(caller, Role.CONTROLLER);
          long version = tx.policy(spec.workload()).map(Policy::version).orElse(0L) + 1;
          Policy p;
          try {
            p = Policies.fromSpec(spec, version, caller.principal(), clock.instant());
          } catch (IllegalArgumentException e) {
            throw new ControlPlaneException(Reason.INVALID_ARGUMENT, e.getMessage());
          }
          tx.putPolicy(p);
          tx.ok(
              Map.of(
                  "version",
                  Long.toString(version),
                  "sim_allowed",
                  Boolean.toString(p.allowedTypes().contains(TeeType.SIM))));
          return p;
        });
  }

  Node node(Caller caller, NodeId id) throws ControlPlaneException {
    return recorder.read(
        caller,
        "node.read",
        "node:" + id,
        tx -> {
          Node node = tx.existing(id);
          tx.requireSelfOr(caller, node, Role.OPERATOR);
          return node;
        });
  }

  List<Node> nodes(Caller caller) throws ControlPlaneException {
    return recorder.read(
        caller,
        "node.list",
        "fleet",
        tx -> {
          tx.require(caller, Role.OPERATOR);
          return tx.nodes();
        });
  }

  Policy policy(Caller caller, String workload) throws ControlPlaneException {
    return recorder.read(
        caller,
        "policy.read",
        "policy:" + workload,
        tx -> {
          tx.require(caller, Role.OPERATOR);
          return tx.configuredPolicy(workload);
        });
  }

  List<Event> events(Caller caller, long from, long to) throws ControlPlaneException {
    return recorder.read(
        caller,
        "audit.read",
        "events",
        tx -> {
          tx.require(caller, Role.AUDITOR);
          return store.events(from, to);
        });
  }
}

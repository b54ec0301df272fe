package io.dooor.provision;

import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.NodeState;
import io.dooor.core.port.Store;
import io.dooor.core.provision.Machine;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one reconciler pass asks of its machines' nodes. A machine's node counts only if it
 * registered under the key that redeemed the machine's join token ({@link #joinedAs}): a node
 * registered under the machine's id by another key, or without a join, is not the machine's.
 */
final class Nodes {
  private final Function<NodeId, Optional<Node>> lookup;
  private final WorkloadSpec spec;
  private final Clock clock;
  private final Map<String, Optional<Node>> seen = new HashMap<>();

  /** Each machine's node read from the store when first asked for (once a pass). */
  Nodes(Store store, WorkloadSpec spec, Clock clock) {
    this(store::node, spec, clock);
  }

  /**
   * Each machine's node looked up in {@code lookup}: e.g. every node read in one query at the start
   * of a pass over every workload.
   */
  Nodes(Function<NodeId, Optional<Node>> lookup, WorkloadSpec spec, Clock clock) {
    this.lookup = lookup;
    this.spec = spec;
    this.clock = clock;
  }

  /** The node registered under the machine's id, whoever registered it (read once a pass). */
  Optional<Node> node(Machine m) {
    return seen.computeIfAbsent(m.id(), id -> lookup.apply(NodeId.of(id)));
  }

  /** Whether {@code n} registered under the key that redeemed {@code m}'s join token. */
  static boolean joinedAs(Machine m, Node n) {
    return !m.joinedBy().isEmpty() && m.joinedBy().equals(n.principal().toString());
  }

  /** Whether the machine's own node is ACTIVE. */
  boolean isActive(Machine m) {
    return node(m)
        .filter(n -> joinedAs(m, n))
        .map(n -> n.state() == NodeState.ACTIVE)
        .orElse(false);
  }

  /**
   * Whether the machine, decided at its {@code createdAt}, still has no node that was ever attested
   * (ACTIVE at least once) once the spec's {@code activate_within_seconds} have passed.
   */
  boolean neverActiveInTime(Machine m, Optional<Node> node) {
    boolean attested = node.map(n -> n.attestedAt() != null).orElse(false);
    Instant deadline = m.createdAt().plusSeconds(spec.activateWithinSeconds());
    return !attested && !clock.instant().isBefore(deadline);
  }

  /** Whether {@code n} has been UNREACHABLE longer than the spec allows. */
  boolean unreachableTooLong(Node n) {
    if (n.state() != NodeState.UNREACHABLE) {
      return false;
    }
    Instant since = n.lastContact().orElse(n.registeredAt());
    return !clock.instant().isBefore(since.plusSeconds(spec.replaceUnreachableSeconds()));
  }
}

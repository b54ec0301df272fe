package io.dooor.core;

import static io.dooor.core.NodeState.ACTIVE;
import static io.dooor.core.NodeState.DEACTIVATED;
import static io.dooor.core.NodeState.PENDING;
import static io.dooor.core.NodeState.STALE;
import static io.dooor.core.NodeState.UNREACHABLE;

import io.dooor.core.ControlPlaneException.Reason;
import java.util.EnumSet;
import java.util.Set;

/**
 * The node lifecycle of DESIGN §3 as a table: each transition, the states it may leave and the one
 * it reaches. Nothing else moves a node; DEACTIVATED is left by none. The guards (verified
 * evidence, attestation expiry, heartbeat timeout) are checked by {@link NodeLifecycle} and {@link
 * Admission} before they ask for a transition; this table refuses every pair it does not list.
 */
enum Transition {
  // Each row: (the state it reaches, the states it leaves...).
  /** verify_attestation succeeded: full verification, policy and binding (re-attest included). */
  ATTEST(ACTIVE, PENDING, ACTIVE, STALE, UNREACHABLE),
  /** The attestation TTL passed (sweep). */
  EXPIRE(STALE, ACTIVE),
  /** No heartbeat for the timeout (sweep). */
  MISS_HEARTBEATS(UNREACHABLE, ACTIVE),
  /** A heartbeat while the attestation is still valid. */
  RECONNECT(ACTIVE, UNREACHABLE),
  /** A heartbeat after the attestation lapsed: back, but STALE until re-attested. */
  RECONNECT_STALE(STALE, UNREACHABLE),
  /** deactivate_node: terminal; keys and shard duties revoked. */
  DEACTIVATE(DEACTIVATED, PENDING, ACTIVE, STALE, UNREACHABLE);

  private final NodeState to;

  /** The states this transition leaves; never changed, never handed out. */
  @SuppressWarnings("ImmutableEnumChecker") // an EnumSet, written once here and only read
  private final Set<NodeState> from;

  /** The transition to {@code to}, from {@code first} and each of {@code rest}. */
  Transition(NodeState to, NodeState first, NodeState... rest) {
    this.to = to;
    this.from = EnumSet.of(first, rest);
  }

  NodeState to() {
    return to;
  }

  boolean leaves(NodeState state) {
    return from.contains(state);
  }

  /** {@code node} after this transition, or CONFLICT naming the state it may not leave. */
  Node apply(Node node, String why) throws ControlPlaneException {
    if (!leaves(node.state())) {
      throw new ControlPlaneException(
          Reason.CONFLICT,
          "node "
              + node.id()
              + " is "
              + node.state()
              + ": "
              + name().toLowerCase(java.util.Locale.ROOT)
              + " is allowed only from "
              + from);
    }
    return node.moved(to, why);
  }
}

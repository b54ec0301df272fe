package io.dooor.core;

import static io.dooor.core.NodeState.ACTIVE;
import static io.dooor.core.NodeState.DEACTIVATED;
import static io.dooor.core.NodeState.DRAINING;
import static io.dooor.core.NodeState.PENDING;
import static io.dooor.core.NodeState.STALE;
import static io.dooor.core.NodeState.UNREACHABLE;

import io.dooor.core.ControlPlaneException.Reason;
import java.util.EnumSet;
import java.util.Set;

/**
 * The node lifecycle of DESIGN §3 as a table: each transition, the states it may leave and the one
 * it reaches. Nothing else moves a node; DEACTIVATED is left by none, DRAINING only by DEACTIVATE
 * (and its own re-attestation, which keeps it DRAINING). The guards (verified evidence, attestation
 * expiry, heartbeat timeout, judging again) are checked by {@link NodeLifecycle}, {@link Sweep} and
 * {@link Admission} before they ask for a transition; this table refuses every pair it does not
 * list.
 */
enum Transition {
  // Each row: (the state it reaches, the states it leaves...).
  /** verify_attestation succeeded: full verification, policy and binding (re-attest included). */
  ATTEST(ACTIVE, PENDING, ACTIVE, STALE, UNREACHABLE),
  /** A DRAINING node attested again: its attestation is renewed, it stays DRAINING. */
  ATTEST_DRAINING(DRAINING, DRAINING),
  /** The attestation TTL passed (sweep). */
  EXPIRE(STALE, ACTIVE),
  /**
   * Judged again (sweep, after a policy change or a collateral refresh): its stored claims no
   * longer pass; STALE until it attests successfully again.
   */
  REJUDGE(STALE, ACTIVE),
  /** No heartbeat for the timeout (sweep). */
  MISS_HEARTBEATS(UNREACHABLE, ACTIVE),
  /** A heartbeat while the attestation is still valid. */
  RECONNECT(ACTIVE, UNREACHABLE),
  /** A heartbeat after the attestation lapsed: back, but STALE until re-attested. */
  RECONNECT_STALE(STALE, UNREACHABLE),
  /** drain_node: planned removal; no new duties, left only by deactivation. */
  DRAIN(DRAINING, ACTIVE, UNREACHABLE),
  /**
   * deactivate_node, or an automatic decision of the workload's policy ({@link AutoDeactivation}):
   * terminal; keys and shard duties revoked.
   */
  DEACTIVATE(DEACTIVATED, PENDING, ACTIVE, STALE, UNREACHABLE, DRAINING);

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

package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Who may derive which vetKey (DESIGN §5; README "Who may derive what"): the one table of
 * derivation rules, for {@code POST /v1/vetkd/derive} and {@code POST /v1/nodes/{id}/keys}. Two
 * grants, and everything else is refused:
 *
 * <ul>
 *   <li>{@value #NODE_KEY}: a node's key (context {@value ControlPlane#NODE_KEY_CONTEXT} with input
 *       = the UTF-8 node id, or any {@code dooor/} context through the node's own keys operation),
 *       asked by that node's own identity key while the node is ACTIVE (or DRAINING, finishing its
 *       work) and its attestation is valid. No role (not even controller) may derive a node's key:
 *       that key is what keeps data confidential to the attested TEE.
 *   <li>{@value #OWN_PRINCIPAL}: a context outside the reserved {@code dooor/} namespace and input
 *       = the caller's own raw principal bytes, asked by a principal holding a role (the ICP
 *       pattern of a canister deriving for {@code msg_caller()}). Nobody can obtain another
 *       principal's key.
 * </ul>
 *
 * <p>A third grant is reached only through {@code POST /v1/sealing-keys} ({@link SealingKeys}):
 *
 * <ul>
 *   <li>{@value #SEALING_KEY}: context {@value SealingKeys#CONTEXT} with input = UTF8(workload) ||
 *       0x00 || SHA-256(canonical verified measurements), for any signer whose fresh evidence
 *       verifies fully, is admitted by the workload's policy and binds the transport key. It is
 *       authenticated by the evidence, not by a role; the context is reserved, so neither derive
 *       operation reaches it.
 * </ul>
 *
 * <p>Each refusal is one {@link Refusal}, always in one shape: FORBIDDEN naming exactly its check.
 */
final class DerivationRules {
  static final String NODE_KEY = "node-key";
  static final String OWN_PRINCIPAL = "own-principal";
  static final String SEALING_KEY = "sealing-key";
  static final String RESERVED_PREFIX = "dooor/";

  /** The refusals of the table; each is FORBIDDEN with the one failed check {@link #check()}. */
  enum Refusal {
    /** The caller is not the identity key of the node whose key it asks for (or no such node). */
    NOT_NODE_IDENTITY,
    /** The node is not ACTIVE or DRAINING, or its attestation lapsed. */
    NODE_NOT_ACTIVE,
    /** A {@code dooor/} context other than the node key, through the generic derive. */
    RESERVED_CONTEXT,
    /** Outside {@code dooor/}, an input other than the caller's own principal bytes. */
    INPUT_NOT_CALLER,
    /** Outside {@code dooor/}, a caller holding no role. */
    NO_ROLE;

    /** The failed check, e.g. {@code derive.node_not_active}. */
    String check() {
      return "derive." + name().toLowerCase(Locale.ROOT);
    }

    ControlPlaneException refuse(String message) {
      return new ControlPlaneException(Reason.FORBIDDEN, message, List.of(check()));
    }
  }

  private DerivationRules() {}

  /** The grant allowing {@code caller} to derive ({@code context}, {@code input}), or a refusal. */
  static String authorize(View view, Caller caller, String context, Bytes input, Instant now)
      throws ControlPlaneException {
    if (context.equals(ControlPlane.NODE_KEY_CONTEXT)) {
      return authorizeNodeKey(view, caller, nodeId(caller, input), now);
    }
    if (context.startsWith(RESERVED_PREFIX)) {
      throw Refusal.RESERVED_CONTEXT.refuse(
          "context '"
              + context
              + "' is reserved: only "
              + ControlPlane.NODE_KEY_CONTEXT
              + " may be derived here (by the node itself); other dooor/ keys come from their own"
              + " operations");
    }
    if (!input.equals(Bytes.of(caller.principal().toBytes()))) {
      throw Refusal.INPUT_NOT_CALLER.refuse(
          "outside dooor/, principal "
              + caller.principal()
              + " may derive only for input = its own principal bytes");
    }
    if (view.roles(caller).isEmpty()) {
      throw Refusal.NO_ROLE.refuse("principal " + caller.principal() + " holds no role");
    }
    return OWN_PRINCIPAL;
  }

  /**
   * RESERVED_CONTEXT for the sealing context through a node's own keys operation: sealing keys come
   * only from {@link SealingKeys}, for evidence, never for a node id.
   */
  static void requireNotSealing(String context) throws ControlPlaneException {
    if (context.equals(SealingKeys.CONTEXT)) {
      throw Refusal.RESERVED_CONTEXT.refuse(
          "context '"
              + context
              + "' is reserved: sealing keys come only from POST /v1/sealing-keys");
    }
  }

  /**
   * {@value #NODE_KEY}: only node {@code id}'s own identity key, while the node is ACTIVE or
   * DRAINING ({@link NodeState#mayDerive()}) and its attestation is valid at {@code now}. A STALE
   * node (attestation lapsed, or judged again and failing) derives nothing until it attests again.
   */
  static String authorizeNodeKey(View view, Caller caller, NodeId id, Instant now)
      throws ControlPlaneException {
    Node node =
        view.find(id)
            .filter(n -> n.principal().equals(caller.principal()))
            .orElseThrow(
                () ->
                    Refusal.NOT_NODE_IDENTITY.refuse(
                        "principal "
                            + caller.principal()
                            + " is not node "
                            + id
                            + "'s identity: only the node itself may derive its node key"));
    if (!node.state().mayDerive()) {
      throw Refusal.NODE_NOT_ACTIVE.refuse("node " + id + " is " + node.state() + ", not ACTIVE");
    }
    if (!node.attestationExpiry().map(now::isBefore).orElse(false)) {
      throw Refusal.NODE_NOT_ACTIVE.refuse(
          "node " + id + "'s attestation lapsed at " + node.attestationExpiresAt());
    }
    return NODE_KEY;
  }

  /** The node id a node key's input names; an input that is none names no node of the caller's. */
  private static NodeId nodeId(Caller caller, Bytes input) throws ControlPlaneException {
    String text = new String(input.toArray(), StandardCharsets.UTF_8);
    try {
      return NodeId.of(text);
    } catch (IllegalArgumentException e) {
      throw Refusal.NOT_NODE_IDENTITY.refuse(
          "principal "
              + caller.principal()
              + " is no node's identity by this input: the input of a node key must be a node id");
    }
  }
}

package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Who may derive which vetKey through {@code POST /v1/vetkd/derive} (DESIGN §5). Two rules, and
 * everything else is refused:
 *
 * <ul>
 *   <li>{@value #NODE_KEY}: context {@value ControlPlane#NODE_KEY_CONTEXT}, input = the UTF-8 node
 *       id, asked by that node's own identity key while the node is ACTIVE. No role (not even
 *       controller) may derive a node's key: that key is what keeps data confidential to the
 *       attested TEE.
 *   <li>{@value #OWN_PRINCIPAL}: a context outside the reserved {@code dooor/} namespace and input
 *       = the caller's own raw principal bytes, asked by a principal holding a role (the ICP
 *       pattern of a canister deriving for {@code msg_caller()}). Nobody can obtain another
 *       principal's key.
 * </ul>
 *
 * <p>Other {@code dooor/} contexts are derived only through their own operations (derive_node_key,
 * backups), never here. Every refusal is FORBIDDEN with a named failed check.
 */
final class DerivationRules {
  static final String NODE_KEY = "node-key";
  static final String OWN_PRINCIPAL = "own-principal";
  static final String RESERVED_PREFIX = "dooor/";

  private DerivationRules() {}

  /** The rule allowing {@code caller} to derive ({@code context}, {@code input}), or FORBIDDEN. */
  static String authorize(View view, Caller caller, String context, Bytes input)
      throws ControlPlaneException {
    if (context.equals(ControlPlane.NODE_KEY_CONTEXT)) {
      requireOwnActiveNode(view, caller, input);
      return NODE_KEY;
    }
    if (context.startsWith(RESERVED_PREFIX)) {
      throw refuse(
          "reserved_context",
          "context '"
              + context
              + "' is reserved: only "
              + ControlPlane.NODE_KEY_CONTEXT
              + " may be derived here (by the node itself); other dooor/ keys come from their own"
              + " operations");
    }
    if (!input.equals(Bytes.of(caller.principal().toBytes()))) {
      throw refuse(
          "input_not_caller",
          "outside dooor/, principal "
              + caller.principal()
              + " may derive only for input = its own principal bytes");
    }
    if (view.role(caller).isEmpty()) {
      throw refuse("no_role", "principal " + caller.principal() + " holds no role");
    }
    return OWN_PRINCIPAL;
  }

  private static void requireOwnActiveNode(View view, Caller caller, Bytes input)
      throws ControlPlaneException {
    String text = new String(input.toArray(), StandardCharsets.UTF_8);
    NodeId id;
    try {
      id = NodeId.of(text);
    } catch (IllegalArgumentException e) {
      throw refuse("input_not_node_id", "input of a node key must be a node id: " + e.getMessage());
    }
    Node node =
        view.find(id)
            .filter(n -> n.principal().equals(caller.principal()))
            .orElseThrow(
                () ->
                    refuse(
                        "not_node_identity",
                        "principal "
                            + caller.principal()
                            + " is not node "
                            + id
                            + "'s identity: only the node itself may derive its node key"));
    if (node.state() != NodeState.ACTIVE) {
      throw refuse("node_not_active", "node " + id + " is " + node.state() + ", not ACTIVE");
    }
  }

  private static ControlPlaneException refuse(String check, String message) {
    return new ControlPlaneException(Reason.FORBIDDEN, message, List.of("derive." + check));
  }
}

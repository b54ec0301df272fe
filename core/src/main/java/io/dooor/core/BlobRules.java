package io.dooor.core;

import io.dooor.core.ControlPlaneException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what with encrypted blobs (issue 13), in one place:
 *
 * <ul>
 *   <li>read the data epoch: any role holder, an ACTIVE node, or a blob's recovery principal;
 *   <li>create a blob: operators (and controllers), at the current epoch, onto ACTIVE nodes that
 *       advertise a shard endpoint;
 *   <li>list blobs: operators, auditors (and controllers); read one: those, or its decryptors;
 *   <li>decrypt (release the key) and rewrap: the principal of an ACTIVE node among the blob's
 *       targets (rule {@value #TARGET_NODE}), or a recovery principal named in the manifest (rule
 *       {@value #RECOVERY}). A target node that is not ACTIVE (UNREACHABLE, STALE, DRAINING,
 *       DEACTIVATED) is refused, as is everyone else;
 *   <li>report a shard stored: the ACTIVE node the shard is placed on.
 * </ul>
 */
final class BlobRules {
  static final String TARGET_NODE = "blob-target-node";
  static final String RECOVERY = "blob-recovery-principal";

  private BlobRules() {}

  /**
   * Who may read the data epoch: a role holder, an ACTIVE node, or a recovery principal named by a
   * blob (which needs the epoch to rewrap that blob's key, and may hold no role).
   */
  static void requireEpochReader(View view, Caller caller) throws ControlPlaneException {
    if (!view.roles(caller).isEmpty()
        || activeNodeOf(view, caller).isPresent()
        || view.blobs().stream().anyMatch(b -> b.recovery().contains(caller.principal()))) {
      return;
    }
    throw forbidden(
        "principal "
            + caller.principal()
            + " holds no role, is no ACTIVE node and no blob's recovery principal");
  }

  static void requireCreator(View view, Caller caller) throws ControlPlaneException {
    view.require(caller, Role.OPERATOR);
  }

  static void requireLister(View view, Caller caller) throws ControlPlaneException {
    Set<Role> roles = view.roles(caller);
    if (roles.stream().noneMatch(r -> r.grants(Role.OPERATOR) || r.grants(Role.AUDITOR))) {
      throw forbidden("principal " + caller.principal() + " lacks the operator or auditor role");
    }
  }

  /** Passes a lister or a decryptor; true if the caller may decrypt. */
  static boolean requireReader(View view, Caller caller, Blob blob) throws ControlPlaneException {
    Optional<String> rule = decryptorRule(view, caller, blob);
    if (rule.isEmpty()) {
      requireLister(view, caller);
    }
    return rule.isPresent();
  }

  /** The rule that lets the caller decrypt, or FORBIDDEN naming why not. */
  static String requireDecryptor(View view, Caller caller, Blob blob) throws ControlPlaneException {
    Optional<String> rule = decryptorRule(view, caller, blob);
    if (rule.isPresent()) {
      return rule.get();
    }
    Optional<Node> target =
        view.nodes().stream()
            .filter(n -> n.principal().equals(caller.principal()))
            .filter(n -> blob.targets().contains(n.id()))
            .findFirst();
    if (target.isPresent()) {
      throw forbidden(
          "target node " + target.get().id() + " is " + target.get().state() + ", not ACTIVE");
    }
    throw forbidden(
        "principal "
            + caller.principal()
            + " is neither an ACTIVE target node nor a recovery principal of blob "
            + blob.id());
  }

  static Optional<String> decryptorRule(View view, Caller caller, Blob blob) {
    if (blob.recovery().contains(caller.principal())) {
      return Optional.of(RECOVERY);
    }
    return activeNodeOf(view, caller)
        .filter(n -> blob.targets().contains(n.id()))
        .map(n -> TARGET_NODE);
  }

  /** The ACTIVE node the caller is, and shard {@code index} is placed on it. */
  static Node requireHolder(View view, Caller caller, Blob blob, int index)
      throws ControlPlaneException {
    if (index < 0 || index >= blob.shards().size()) {
      throw new ControlPlaneException(
          Reason.INVALID_ARGUMENT,
          "index "
              + index
              + " is not a shard of blob "
              + blob.id()
              + " (0.."
              + (blob.shards().size() - 1)
              + ")");
    }
    NodeId placed = blob.shards().get(index).node();
    Node node = view.existing(placed);
    view.requireSelf(caller, node);
    requireActive(node, "shard " + index + "'s node");
    return node;
  }

  /**
   * The checks on a new blob, all of them: CONFLICT for the epoch, an id in use or nodes that are
   * not ACTIVE or have no shard endpoint (each named).
   */
  static void checkNew(View view, BlobManifest m, long epoch) throws ControlPlaneException {
    if (m.epoch() != epoch) {
      throw new ControlPlaneException(
          Reason.CONFLICT,
          "manifest: key epoch " + m.epoch() + " is not the current data epoch " + epoch);
    }
    if (view.blob(m.id()).isPresent()) {
      throw new ControlPlaneException(
          Reason.CONFLICT, "manifest: blob id " + m.id() + " is in use");
    }
    List<String> failed = new ArrayList<>();
    for (NodeId id : nodesOf(m)) {
      Optional<Node> node = view.find(id);
      if (node.isEmpty() || node.get().state() != NodeState.ACTIVE) {
        failed.add("node " + id + " is " + node.map(n -> n.state().name()).orElse("unknown"));
      } else if (view.shardEndpoint(id).isEmpty()) {
        failed.add("node " + id + " advertises no shard endpoint");
      }
    }
    if (!failed.isEmpty()) {
      throw new ControlPlaneException(
          Reason.CONFLICT, "manifest: " + String.join("; ", failed), failed);
    }
  }

  static void requireActive(Node node, String what) throws ControlPlaneException {
    if (node.state() != NodeState.ACTIVE) {
      throw forbidden(what + " " + node.id() + " is " + node.state() + ", not ACTIVE");
    }
  }

  private static List<NodeId> nodesOf(BlobManifest m) {
    List<NodeId> out = new ArrayList<>(m.targets());
    m.shards().stream().map(BlobShard::node).filter(n -> !out.contains(n)).forEach(out::add);
    return out;
  }

  private static Optional<Node> activeNodeOf(View view, Caller caller) {
    return view.nodes().stream()
        .filter(n -> n.state() == NodeState.ACTIVE)
        .filter(n -> n.principal().equals(caller.principal()))
        .findFirst();
  }

  private static ControlPlaneException forbidden(String message) {
    return new ControlPlaneException(Reason.FORBIDDEN, message);
  }
}

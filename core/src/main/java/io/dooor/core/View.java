package io.dooor.core;

import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.StoreReads;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads plus the authorisation and existence checks every operation shares. */
class View {
  private final StoreReads reads;

  View(StoreReads reads) {
    this.reads = reads;
  }

  List<Node> nodes() {
    return reads.nodes();
  }

  /** The node's last verified evidence, if kept. */
  Optional<NodeEvidence> evidence(NodeId id) {
    return reads.evidence(id);
  }

  long dataEpoch() {
    return reads.dataEpoch();
  }

  Optional<String> shardEndpoint(NodeId id) {
    return reads.shardEndpoint(id);
  }

  Optional<Blob> blob(String id) {
    return reads.blob(id);
  }

  List<Blob> blobs() {
    return reads.blobs();
  }

  List<RepairJob> repairJobs() {
    return reads.repairJobs();
  }

  /** The blob, or NOT_FOUND. */
  Blob existingBlob(String id) throws ControlPlaneException {
    return reads
        .blob(id)
        .orElseThrow(() -> new ControlPlaneException(Reason.NOT_FOUND, "no blob " + id));
  }

  /** The node, if it exists (for checks that must not reveal whether it does). */
  Optional<Node> find(NodeId id) {
    return reads.node(id);
  }

  /** The roles the caller holds; empty if none. */
  Set<Role> roles(Caller caller) {
    return roles(caller.principal());
  }

  /** The roles {@code who} holds; empty if none. */
  Set<Role> roles(Principal who) {
    return reads.roles(who);
  }

  /** The node, or NOT_FOUND naming it. */
  Node existing(NodeId id) throws ControlPlaneException {
    return reads
        .node(id)
        .orElseThrow(() -> new ControlPlaneException(Reason.NOT_FOUND, "no node " + id));
  }

  /** The policy set for the workload, or NOT_FOUND saying that none is set. */
  Policy configuredPolicy(String workload) throws ControlPlaneException {
    return reads
        .policy(workload)
        .orElseThrow(
            () ->
                new ControlPlaneException(
                    Reason.NOT_FOUND,
                    "no policy is set for workload "
                        + workload
                        + " (admission applies the production default)"));
  }

  /** The workload's policy, or the production default when none was set. */
  Policy policyFor(String workload, Instant now) {
    return reads
        .policy(workload)
        .orElseGet(() -> Policy.productionDefault(workload, Principal.managementCanister(), now));
  }

  /** FORBIDDEN unless the caller holds a role granting {@code needed}. */
  void require(Caller caller, Role needed) throws ControlPlaneException {
    RoleCheck.requireAny(reads, caller, needed);
  }

  /** FORBIDDEN unless the caller is the node's own identity key. */
  void requireSelf(Caller caller, Node node) throws ControlPlaneException {
    if (!caller.principal().equals(node.principal())) {
      throw new ControlPlaneException(
          Reason.FORBIDDEN,
          "principal " + caller.principal() + " is not node " + node.id() + "'s identity");
    }
  }

  /**
   * The node, for itself or an operator, refused with CONFLICT once it is DEACTIVATED (terminal: no
   * challenges, no attestation).
   */
  Node live(Caller caller, NodeId id) throws ControlPlaneException {
    Node node = existing(id);
    requireSelfOr(caller, node, Role.OPERATOR);
    if (node.state().isTerminal()) {
      throw new ControlPlaneException(Reason.CONFLICT, "node " + id + " is DEACTIVATED");
    }
    return node;
  }

  /** Passes for the node itself or a holder of {@code role}. */
  void requireSelfOr(Caller caller, Node node, Role role) throws ControlPlaneException {
    if (!caller.principal().equals(node.principal())) {
      require(caller, role);
    }
  }
}

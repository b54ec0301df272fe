package io.dooor.core.memory;

import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.Challenge;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeEvidence;
import io.dooor.core.NodeId;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.RepairJob;
import io.dooor.core.Role;
import io.dooor.core.port.StoreReads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything an {@link InMemoryStore} holds. A committed state is never changed: a transaction
 * works on a {@link #copy()} and publishes it whole on commit, so readers see all of a transaction
 * or none of it.
 */
final class State implements StoreReads {
  final SortedMap<String, Node> nodes;
  final Map<NodeId, NodeEvidence> evidence;
  final Map<NodeId, Challenge> challenges;
  final SortedMap<String, Policy> policies;
  final Map<Principal, Set<Role>> roles;
  final Map<String, Instant> nonces;
  final List<Event> events;
  final ReplicaState replicas;
  final DataState data;
  final ProvisionState provision;
  final Map<String, io.dooor.core.proposal.Proposal> proposals;

  private State(
      SortedMap<String, Node> nodes,
      Map<NodeId, NodeEvidence> evidence,
      Map<NodeId, Challenge> challenges,
      SortedMap<String, Policy> policies,
      Map<Principal, Set<Role>> roles,
      Map<String, Instant> nonces,
      List<Event> events,
      ReplicaState replicas,
      DataState data,
      ProvisionState provision,
      Map<String, io.dooor.core.proposal.Proposal> proposals) {
    this.nodes = nodes;
    this.evidence = evidence;
    this.challenges = challenges;
    this.policies = policies;
    this.roles = roles;
    this.nonces = nonces;
    this.events = events;
    this.replicas = replicas;
    this.data = data;
    this.provision = provision;
    this.proposals = proposals;
  }

  static State empty() {
    return new State(
        new TreeMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new TreeMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new ArrayList<>(),
        ReplicaState.empty(),
        DataState.empty(),
        ProvisionState.empty(),
        new HashMap<>());
  }

  /** A private copy for one transaction to change. */
  State copy() {
    return new State(
        new TreeMap<>(nodes),
        new HashMap<>(evidence),
        new HashMap<>(challenges),
        new TreeMap<>(policies),
        new HashMap<>(roles),
        new HashMap<>(nonces),
        new ArrayList<>(events),
        replicas.copy(),
        data.copy(),
        provision.copy(),
        new HashMap<>(proposals));
  }

  @Override
  public Optional<Node> node(NodeId id) {
    return Optional.ofNullable(nodes.get(id.value()));
  }

  @Override
  public List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  @Override
  public Optional<NodeEvidence> evidence(NodeId id) {
    return Optional.ofNullable(evidence.get(id));
  }

  @Override
  public Optional<Policy> policy(String workload) {
    return Optional.ofNullable(policies.get(workload));
  }

  @Override
  public Set<Role> roles(Principal principal) {
    return roles.getOrDefault(principal, Set.of());
  }

  @Override
  public Map<Principal, Set<Role>> principals() {
    return Map.copyOf(roles);
  }

  @Override
  public long dataEpoch() {
    return data.epoch;
  }

  @Override
  public Optional<String> shardEndpoint(NodeId id) {
    return Optional.ofNullable(data.endpoints.get(id));
  }

  @Override
  public Optional<Blob> blob(String id) {
    return Optional.ofNullable(data.blobs.get(id));
  }

  @Override
  public List<Blob> blobs() {
    return List.copyOf(data.blobs.values());
  }

  @Override
  public List<Bytes> manifestHistory(String id) {
    return List.copyOf(data.history.getOrDefault(id, List.of()));
  }

  @Override
  public List<RepairJob> repairJobs() {
    return List.copyOf(data.repairs.values());
  }

  /**
   * Adds or removes one role; a principal left with none is forgotten. Role sets stay immutable.
   */
  void changeRole(Principal principal, Role role, boolean add) {
    EnumSet<Role> held = EnumSet.noneOf(Role.class);
    held.addAll(roles(principal));
    if (add) {
      held.add(role);
    } else {
      held.remove(role);
    }
    if (held.isEmpty()) {
      roles.remove(principal);
    } else {
      roles.put(principal, Collections.unmodifiableSet(held));
    }
  }
}
